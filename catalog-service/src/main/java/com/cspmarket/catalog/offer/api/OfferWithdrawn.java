package com.cspmarket.catalog.offer.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The offer can no longer be bought; existing subscriptions are not affected. Revision 2 carries the business
 * instant of the withdrawal; revision-1 events are read with the instant they were stored at
 * ({@link OfferWithdrawnUpcaster}).
 */
@Revision("2")
public record OfferWithdrawn(OfferId offerId, String reason, Instant withdrawnAt) implements OfferEvent {
}
