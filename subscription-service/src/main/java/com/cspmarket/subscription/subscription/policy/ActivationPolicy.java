package com.cspmarket.subscription.subscription.policy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a purchased subscription waits for its customer to activate it: policy data, not code. A subscription not
 * activated by {@code purchasedAt + deadline} is cancelled automatically, with nothing charged (billing starts at
 * activation). The deadline is fixed at purchase, like the cancellation window, so a later policy change never
 * alters a subscription already sold. The refund window keeps counting from the purchase.
 */
@ConfigurationProperties("subscription.activation-policy")
public record ActivationPolicy(@DefaultValue("P30D") Duration deadline) {

    public ActivationPolicy {
        Objects.requireNonNull(deadline, "subscription.activation-policy.deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("subscription.activation-policy.deadline must be positive, was " + deadline);
        }
    }

    /** The instant by which a subscription purchased at {@code purchasedAt} must be activated. */
    public Instant deadlineFor(Instant purchasedAt) {
        return purchasedAt.plus(deadline);
    }
}
