package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

import java.time.Instant;

/** The partner suspended the subscription until it is reinstated. */
public record SubscriptionSuspended(String subscriptionId, Instant suspendedAt) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
