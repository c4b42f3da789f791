package com.cspmarket.billing.invoice.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One charge line as billing records it, with what its subscription's purchase said (term, billing cycle, order date,
 * market, names; null where the purchase did not carry it) and the number of the invoice it is on (null while
 * unbilled). Every line reconciles on its own: {@code amount = unitPrice x quantity}, or for a prorated line
 * {@code unitPrice x quantity x prorationDays / prorationOfDays} rounded half up to the minor unit; a CANCEL_CREDIT line
 * reverses the one charge {@code reversesChargeId} names. {@code whileSuspended}: a monthly cycle charged while the
 * subscription was suspended.
 */
public record ChargeLine(String chargeId, String chargeType, String subscriptionId, String partnerId,
                         String customerId, String orderId, String offerId, String offerName, String publisherName,
                         String skuId, int quantity, BigDecimal unitPrice, BigDecimal amount, String currency,
                         LocalDate chargeStartDate, LocalDate chargeEndDate, String billingPeriod,
                         List<String> sourceEventIds, String recordedEventId, String reversesChargeId,
                         Integer prorationDays, Integer prorationOfDays, boolean whileSuspended, String invoiceNumber,
                         String term, String billingCycle, Instant orderDate, String market, String skuName,
                         String publisherId, String customerName, String customerDomainName, String friendlyName) {
}
