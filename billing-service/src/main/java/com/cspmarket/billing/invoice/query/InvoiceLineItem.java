package com.cspmarket.billing.invoice.query;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A marketplace invoice line item, with the events that produced it (provenance). Every line reconciles on its own:
 * {@code amount = unitPrice x quantity}, or for a prorated line {@code unitPrice x quantity x prorationDays /
 * prorationOfDays} rounded half up to the minor unit; a CANCEL_CREDIT line reverses the one charge
 * {@code reversesChargeId} names. {@code whileSuspended}: a monthly cycle charged while the subscription was suspended.
 */
public record InvoiceLineItem(String chargeId, String chargeType, String subscriptionId, String customerId,
                              String orderId, String offerId, String offerName, String publisherName, String skuId,
                              int quantity, BigDecimal unitPrice, BigDecimal amount, String currency,
                              LocalDate chargeStartDate, LocalDate chargeEndDate, String billingPeriod,
                              List<String> sourceEventIds, String recordedEventId, String reversesChargeId,
                              Integer prorationDays, Integer prorationOfDays, boolean whileSuspended) {
}
