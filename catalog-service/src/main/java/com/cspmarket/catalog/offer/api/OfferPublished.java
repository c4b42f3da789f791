package com.cspmarket.catalog.offer.api;

import org.axonframework.serialization.Revision;

import java.util.List;

@Revision("1")
public record OfferPublished(OfferId offerId, String name, String description, Publisher publisher,
                             OfferType offerType, boolean offeredToCspPartners, List<String> categories,
                             List<String> countries, List<Sku> skus) implements OfferEvent {
    public OfferPublished {
        categories = List.copyOf(categories);
        countries = List.copyOf(countries);
        skus = List.copyOf(skus);
    }
}
