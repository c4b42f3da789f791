package com.cspmarket.catalog.offer.api;

import org.axonframework.serialization.Revision;

/** The offer can no longer be bought; existing subscriptions are not affected. */
@Revision("1")
public record OfferWithdrawn(OfferId offerId, String reason) implements OfferEvent {
}
