package com.cspmarket.subscription.subscription.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The activation deadline may have passed: cancel the subscription if it is still waiting for its customer. */
public record CancelUnactivated(@TargetAggregateIdentifier SubscriptionId subscriptionId, Instant now) {
}
