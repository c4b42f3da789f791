package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;

import java.time.Instant;

/**
 * A subscription exists for an order line, at the price quoted at checkout, for its first term. The customer
 * activates it with the publisher through {@code activationLink}.
 */
public record SubscriptionPurchased(
        String subscriptionId,
        String orderId,
        int orderLineNumber,
        String partnerId,
        String customerId,
        String offerId,
        String offerName,
        String publisherName,
        String skuId,
        int quantity,
        String term,
        String billingCycle,
        Money unitPrice,
        Instant purchasedAt,
        Instant termStart,
        Instant termEnd,
        String activationLink) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
