package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Cancelled inside the cancellation window: it ends now and everything charged is refunded in full. */
@Revision("1")
public record SubscriptionCancelled(SubscriptionId subscriptionId, Instant cancelledAt, String refund,
                                    String cancellationPolicyVersion) implements SubscriptionEvent {
    public static final String FULL_REFUND = "FULL";
}
