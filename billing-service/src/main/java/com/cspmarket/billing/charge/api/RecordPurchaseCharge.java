package com.cspmarket.billing.charge.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Bill a subscription's first term (or first month), as reported by subscription-service. */
public record RecordPurchaseCharge(@TargetAggregateIdentifier String subscriptionId, String sourceEventId,
                                   String partnerId, String customerId, String orderId, String offerId,
                                   String offerName, String publisherName, String skuId, int quantity, String term,
                                   String billingCycle, Money unitPrice, Instant termStart, Instant termEnd) {
}
