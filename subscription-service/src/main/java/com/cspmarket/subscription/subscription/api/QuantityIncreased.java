package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * More seats from {@code effectiveAt} to the end of the current term, at the term's unit price; a scheduled
 * decrease, if any, is dropped.
 */
@Revision("1")
public record QuantityIncreased(SubscriptionId subscriptionId, int fromQuantity, int toQuantity, Instant effectiveAt,
                                Instant termStart, Instant termEnd, Money unitPrice) implements SubscriptionEvent {
}
