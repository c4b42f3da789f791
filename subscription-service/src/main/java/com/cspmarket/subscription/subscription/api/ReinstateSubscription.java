package com.cspmarket.subscription.subscription.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

public record ReinstateSubscription(@TargetAggregateIdentifier SubscriptionId subscriptionId, Instant now,
                                    @TargetAggregateVersion Long expectedVersion) {
}
