package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Fewer seats from the next term: the current term is paid in full, the renewal uses {@code toQuantity}. */
@Revision("1")
public record QuantityDecreaseScheduled(SubscriptionId subscriptionId, int fromQuantity, int toQuantity,
                                        Instant requestedAt, Instant effectiveAt) implements SubscriptionEvent {
}
