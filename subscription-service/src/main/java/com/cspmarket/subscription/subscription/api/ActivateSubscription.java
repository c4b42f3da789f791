package com.cspmarket.subscription.subscription.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The customer followed the activation link: {@code token} must be the link's, {@code now} is business time. */
public record ActivateSubscription(@TargetAggregateIdentifier SubscriptionId subscriptionId, String token, Instant now) {
}
