package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

import java.time.Instant;

/** Cancelled after the window: the subscription ends, without refund, at {@code effectiveAt} (its term end). */
public record SubscriptionCancellationScheduled(String subscriptionId, Instant requestedAt, Instant effectiveAt) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
