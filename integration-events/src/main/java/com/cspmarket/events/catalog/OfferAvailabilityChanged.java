package com.cspmarket.events.catalog;

import com.cspmarket.events.IntegrationEvent;

import java.util.List;

/** The offer is now available in exactly {@code countries}. */
public record OfferAvailabilityChanged(String offerId, List<String> countries) implements IntegrationEvent {

    public OfferAvailabilityChanged {
        countries = List.copyOf(countries);
    }

    @Override
    public String aggregateId() {
        return offerId;
    }
}
