package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

import java.time.Instant;

/** The scheduled decrease is off: the next term keeps {@code quantity} units. */
public record SubscriptionQuantityDecreaseWithdrawn(String subscriptionId, int quantity, Instant withdrawnAt) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
