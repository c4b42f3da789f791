package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

/** An order line could not become a subscription; {@code reason} is a stable code, {@code description} for people. */
public record SubscriptionPurchaseRejected(
        String subscriptionId,
        String orderId,
        int orderLineNumber,
        String partnerId,
        String customerId,
        String reason,
        String description) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
