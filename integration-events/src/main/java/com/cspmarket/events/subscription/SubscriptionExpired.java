package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;

import java.time.Instant;

/** The term ended at {@code expiredAt} without renewal ({@code reason}: CANCELLED_AT_TERM_END, AUTO_RENEW_OFF, SUSPENDED, OFFER_WITHDRAWN, NO_CURRENT_PRICE). */
public record SubscriptionExpired(String subscriptionId, Instant expiredAt, String reason) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
