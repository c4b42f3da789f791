package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

import java.time.Instant;

/** The next term, from {@code effectiveAt}, starts with {@code toQuantity} units; the current term is unchanged. */
public record SubscriptionQuantityDecreaseScheduled(String subscriptionId, int fromQuantity, int toQuantity,
                                                    Instant requestedAt, Instant effectiveAt) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
