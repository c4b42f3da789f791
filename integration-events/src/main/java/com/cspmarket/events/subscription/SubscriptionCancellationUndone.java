package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

import java.time.Instant;

/** A scheduled cancellation was withdrawn before it took effect. */
public record SubscriptionCancellationUndone(String subscriptionId, Instant undoneAt) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
