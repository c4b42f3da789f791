package com.cspmarket.events.catalog;

import com.cspmarket.events.IntegrationEvent;

/** The offer can no longer be bought; existing subscriptions are not affected. */
public record OfferWithdrawn(String offerId, String reason) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return offerId;
    }
}
