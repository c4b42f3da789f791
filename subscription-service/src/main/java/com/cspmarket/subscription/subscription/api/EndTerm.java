package com.cspmarket.subscription.subscription.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;

/**
 * The business clock reached {@code termEnd}. Carries what the subscription cannot know by itself: the catalog's
 * then-current price ({@code renewal}, null when the plan can no longer be sold, with {@code notRenewableReason})
 * and the cancellation window the policy gives a new term. Both null means the catalog read model does not know
 * the plan yet: the term still expires when the subscription itself says so, but never renews blind. Ending a term that is not the current one changes
 * nothing, so the scheduler may send it any number of times: each term ends exactly once.
 */
public record EndTerm(@TargetAggregateIdentifier SubscriptionId subscriptionId, Instant termEnd, Instant now,
                      Renewal renewal, ExpiryReason notRenewableReason) {

    public record Renewal(Money unitPrice, Duration cancellationWindow, String cancellationPolicyVersion) {
    }
}
