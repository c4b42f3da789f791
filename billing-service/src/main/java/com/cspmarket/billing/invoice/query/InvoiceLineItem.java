package com.cspmarket.billing.invoice.query;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A marketplace invoice line item, with the events that produced it (provenance). */
public record InvoiceLineItem(String chargeId, String chargeType, String subscriptionId, String customerId,
                              String orderId, String offerId, String offerName, String publisherName, String skuId,
                              int quantity, BigDecimal unitPrice, BigDecimal amount, String currency,
                              LocalDate chargeStartDate, LocalDate chargeEndDate, String billingPeriod,
                              List<String> sourceEventIds, String recordedEventId) {
}
