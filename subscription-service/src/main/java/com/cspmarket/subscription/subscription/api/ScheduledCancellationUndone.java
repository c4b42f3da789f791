package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record ScheduledCancellationUndone(SubscriptionId subscriptionId, Instant undoneAt) implements SubscriptionEvent {
}
