package com.cspmarket.catalog.offer.api;

/** Every fact about an offer. */
public sealed interface OfferEvent permits OfferPublished, SkuPriceChanged, OfferAvailabilityChanged, OfferWithdrawn {
    OfferId offerId();
}
