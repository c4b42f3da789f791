package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.api.OfferType;

import java.util.List;

public record OfferSummary(String offerId, String name, String publisherName, OfferType offerType,
                           boolean offeredToCspPartners, List<String> countries) {
}
