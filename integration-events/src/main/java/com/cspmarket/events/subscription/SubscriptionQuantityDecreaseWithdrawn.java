package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

import java.time.Instant;

/**
 * The scheduled decrease is off: the next term keeps {@code quantity} units. {@code reason}: REQUESTED (the partner
 * asked for the current quantity again), QUANTITY_INCREASED (seats were added instead), SUSPENDED (suspending removes
 * scheduled changes); absent in events published before it existed (those were all REQUESTED).
 */
public record SubscriptionQuantityDecreaseWithdrawn(String subscriptionId, int quantity, Instant withdrawnAt,
                                                    String reason) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
