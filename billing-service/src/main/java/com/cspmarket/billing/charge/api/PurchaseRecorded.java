package com.cspmarket.billing.charge.api;

import org.axonframework.serialization.Revision;

/** Billing knows what the subscription costs; it charges nothing before activation. */
@Revision("1")
public record PurchaseRecorded(String subscriptionId, String partnerId, String customerId, String orderId,
                               String offerId, String offerName, String publisherName, String skuId, int quantity,
                               String term, String billingCycle, Money unitPrice, String sourceEventId) {
}
