package com.cspmarket.catalog.offer.api;

import org.axonframework.serialization.Revision;

import java.util.List;

@Revision("1")
public record OfferAvailabilityChanged(OfferId offerId, List<String> countries, List<String> added,
                                      List<String> removed) implements OfferEvent {
    public OfferAvailabilityChanged {
        countries = List.copyOf(countries);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }
}
