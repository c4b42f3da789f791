package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

/** Auto-renew was switched on or off. */
public record SubscriptionAutoRenewChanged(String subscriptionId, boolean autoRenewEnabled) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
