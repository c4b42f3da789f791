package com.cspmarket.catalog.offer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public record PublishOffer(@TargetAggregateIdentifier OfferId offerId, String name, String description,
                           Publisher publisher, OfferType offerType, boolean offeredToCspPartners,
                           List<String> categories, List<String> countries, List<Sku> skus) {
}
