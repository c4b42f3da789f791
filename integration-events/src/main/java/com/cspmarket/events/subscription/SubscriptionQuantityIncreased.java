package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;

import java.time.Instant;

/** From {@code effectiveAt} to {@code termEnd} the subscription has {@code toQuantity} units at {@code unitPrice}. */
public record SubscriptionQuantityIncreased(String subscriptionId, int fromQuantity, int toQuantity, Instant effectiveAt,
                                            Instant termStart, Instant termEnd, Money unitPrice) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
