package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Cancelled: inside the cancellation window it ends now and everything charged is refunded in full; a subscription
 * never activated by its deadline ends with nothing charged and nothing refunded.
 */
@Revision("2")
public record SubscriptionCancelled(SubscriptionId subscriptionId, Instant cancelledAt, String refund,
                                    String cancellationPolicyVersion, Reason reason) implements SubscriptionEvent {
    public static final String FULL_REFUND = "FULL";
    /** Nothing was charged, so nothing is refunded (a subscription never activated). */
    public static final String NO_REFUND = "NONE";

    /**
     * Why: the partner cancelled inside the window ({@link #REQUESTED}; revision 1 was only ever this), or the
     * customer did not activate it by its deadline ({@link #ACTIVATION_DEADLINE_PASSED}).
     */
    public enum Reason { REQUESTED, ACTIVATION_DEADLINE_PASSED }
}
