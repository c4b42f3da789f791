package com.cspmarket.billing.charge.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What was bought, as subscription-service reported it; nothing is charged until activation. */
public record RecordPurchase(@TargetAggregateIdentifier String subscriptionId, String sourceEventId, String partnerId,
                             String customerId, String orderId, String offerId, String offerName, String publisherName,
                             String skuId, int quantity, String term, String billingCycle, Money unitPrice) {
}
