package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The partner asked for the current quantity again before the renewal: the scheduled decrease is off. */
@Revision("1")
public record ScheduledQuantityDecreaseWithdrawn(SubscriptionId subscriptionId, int quantity, Instant withdrawnAt)
        implements SubscriptionEvent {
}
