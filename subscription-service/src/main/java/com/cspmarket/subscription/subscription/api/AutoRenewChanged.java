package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

@Revision("1")
public record AutoRenewChanged(SubscriptionId subscriptionId, boolean autoRenewEnabled) implements SubscriptionEvent {
}
