package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

import java.time.Instant;

/** Cancelled inside the cancellation window: it ends at {@code cancelledAt}; {@code refund} is FULL. */
public record SubscriptionCancelled(String subscriptionId, Instant cancelledAt, String refund) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
