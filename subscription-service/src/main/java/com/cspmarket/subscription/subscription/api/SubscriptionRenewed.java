package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Term {@code termNumber} starts where the previous one ended, at the catalog price current on that day and with the
 * quantity a scheduled decrease left; a new cancellation window (policy data) opens.
 */
@Revision("1")
public record SubscriptionRenewed(SubscriptionId subscriptionId, int termNumber, Instant termStart, Instant termEnd,
                                  int quantity, int previousQuantity, Money unitPrice, Money previousUnitPrice,
                                  Instant renewedAt, Instant cancellableUntil, String cancellationPolicyVersion)
        implements SubscriptionEvent {
}
