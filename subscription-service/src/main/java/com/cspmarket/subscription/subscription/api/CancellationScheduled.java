package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Cancelled after the window: the subscription runs, and is paid, to the end of its term, then ends. */
@Revision("1")
public record CancellationScheduled(SubscriptionId subscriptionId, Instant requestedAt, Instant effectiveAt)
        implements SubscriptionEvent {
}
