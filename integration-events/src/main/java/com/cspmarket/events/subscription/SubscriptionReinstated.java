package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

import java.time.Instant;

/** The subscription is back from suspension. */
public record SubscriptionReinstated(String subscriptionId, Instant reinstatedAt) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
