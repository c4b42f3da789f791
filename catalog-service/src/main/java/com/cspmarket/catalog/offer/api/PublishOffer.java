package com.cspmarket.catalog.offer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/**
 * Publish an offer. {@code today} is the catalog's business date: every price takes effect on it or later (a price
 * history is never rewritten, not even by a publication).
 */
public record PublishOffer(@TargetAggregateIdentifier OfferId offerId, String name, String description,
                           Publisher publisher, OfferType offerType, boolean offeredToCspPartners,
                           List<String> categories, List<String> countries, List<Sku> skus, LocalDate today) {
}
