package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

import java.time.Instant;

/** The customer activated the subscription: its first term runs from {@code termStart}, and billing starts. */
public record SubscriptionActivated(
        String subscriptionId,
        String orderId,
        String partnerId,
        String customerId,
        Instant activatedAt,
        Instant termStart,
        Instant termEnd) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
