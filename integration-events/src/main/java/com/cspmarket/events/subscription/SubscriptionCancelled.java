package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

import java.time.Instant;

/**
 * Cancelled: it ends at {@code cancelledAt}. {@code reason} REQUESTED (the partner, inside the cancellation window:
 * {@code refund} FULL) or ACTIVATION_DEADLINE_PASSED (never activated, nothing charged: {@code refund} NONE); absent
 * in events published before it existed (those were all REQUESTED).
 */
public record SubscriptionCancelled(String subscriptionId, Instant cancelledAt, String refund,
                                    String reason) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
