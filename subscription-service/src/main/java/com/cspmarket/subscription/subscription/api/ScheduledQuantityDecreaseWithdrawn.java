package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The scheduled decrease is off: the next term keeps {@code quantity} units. {@code reason} says why: the partner
 * asked for the current quantity again ({@link Reason#REQUESTED}), added seats instead ({@link Reason#QUANTITY_INCREASED}:
 * an increase replaces a pending decrease rather than silently dropping it), or suspended the subscription
 * ({@link Reason#SUSPENDED}: as in Partner Center, suspending removes scheduled changes). Revision 2 added the reason
 * (revision 1 was only ever the partner's request).
 */
@Revision("2")
public record ScheduledQuantityDecreaseWithdrawn(SubscriptionId subscriptionId, int quantity, Instant withdrawnAt,
                                                 Reason reason) implements SubscriptionEvent {

    public enum Reason { REQUESTED, QUANTITY_INCREASED, SUSPENDED }
}
