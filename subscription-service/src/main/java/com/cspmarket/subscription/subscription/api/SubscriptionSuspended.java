package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The partner suspended the subscription: the customer loses access until it is reinstated. */
@Revision("1")
public record SubscriptionSuspended(SubscriptionId subscriptionId, Instant suspendedAt) implements SubscriptionEvent {
}
