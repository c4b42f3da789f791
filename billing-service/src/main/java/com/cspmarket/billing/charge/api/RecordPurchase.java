package com.cspmarket.billing.charge.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * What was bought, as subscription-service reported it; nothing is charged until activation. {@code details}: what the
 * invoice line items name besides (null parts when the purchase event did not carry them).
 */
public record RecordPurchase(@TargetAggregateIdentifier String subscriptionId, String sourceEventId, String partnerId,
                             String customerId, String orderId, String offerId, String offerName, String publisherName,
                             String skuId, int quantity, String term, String billingCycle, Money unitPrice,
                             PurchaseRecorded.Details details) {

    /** A purchase without details. */
    public RecordPurchase(String subscriptionId, String sourceEventId, String partnerId, String customerId,
                          String orderId, String offerId, String offerName, String publisherName, String skuId,
                          int quantity, String term, String billingCycle, Money unitPrice) {
        this(subscriptionId, sourceEventId, partnerId, customerId, orderId, offerId, offerName, publisherName, skuId,
                quantity, term, billingCycle, unitPrice, null);
    }
}
