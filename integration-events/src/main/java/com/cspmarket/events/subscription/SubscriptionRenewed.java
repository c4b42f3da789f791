package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;

import java.time.Instant;

/**
 * Term {@code termNumber} began at {@code termStart} (where the previous term ended) for {@code quantity} units at
 * {@code unitPrice}, the catalog price on that day; a renewal can be cancelled with full refund until
 * {@code cancellableUntil}.
 */
public record SubscriptionRenewed(String subscriptionId, int termNumber, Instant termStart, Instant termEnd, int quantity, Money unitPrice,
                                  Instant renewedAt, Instant cancellableUntil) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
