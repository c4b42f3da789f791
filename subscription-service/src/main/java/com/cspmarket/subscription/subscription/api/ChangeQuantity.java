package com.cspmarket.subscription.subscription.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.Instant;

/** Partner Center's PATCH of {@code quantity}; the SKU's limits come from the service's catalog read model. */
public record ChangeQuantity(@TargetAggregateIdentifier SubscriptionId subscriptionId, int quantity, Instant now,
                             int minQuantity, int maxQuantity, @TargetAggregateVersion Long expectedVersion) {
}
