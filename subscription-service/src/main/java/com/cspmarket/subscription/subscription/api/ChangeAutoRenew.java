package com.cspmarket.subscription.subscription.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

public record ChangeAutoRenew(@TargetAggregateIdentifier SubscriptionId subscriptionId, boolean enabled,
                              @TargetAggregateVersion Long expectedVersion) {
}
