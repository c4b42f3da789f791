package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.Publisher;
import com.cspmarket.catalog.offer.api.Sku;

import java.time.Instant;
import java.util.List;

/** An offer as the catalog shows it. */
public record OfferDetails(String offerId, String name, String description, Publisher publisher, OfferType offerType,
                           boolean offeredToCspPartners, List<String> categories, List<String> countries,
                           List<Sku> skus, Instant publishedAt) {
}
