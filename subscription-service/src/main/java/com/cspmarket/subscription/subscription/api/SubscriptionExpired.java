package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The term ended and no new one began; the subscription is over and nothing more is charged. */
@Revision("1")
public record SubscriptionExpired(SubscriptionId subscriptionId, Instant expiredAt, ExpiryReason reason,
                                  Instant recordedAt) implements SubscriptionEvent {
}
