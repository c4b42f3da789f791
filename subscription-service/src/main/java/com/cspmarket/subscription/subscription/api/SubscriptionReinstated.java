package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Back from suspension: {@code activated} tells whether it returns to active or to pending activation. */
@Revision("1")
public record SubscriptionReinstated(SubscriptionId subscriptionId, Instant reinstatedAt, boolean activated)
        implements SubscriptionEvent {
}
