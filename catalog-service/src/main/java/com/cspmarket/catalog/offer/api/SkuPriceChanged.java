package com.cspmarket.catalog.offer.api;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** From {@code effectiveFrom} (UTC) on, the SKU costs {@code unitPrice} per billing cycle in {@code market}. */
@Revision("1")
public record SkuPriceChanged(OfferId offerId, String skuId, String market, Money unitPrice, LocalDate effectiveFrom)
        implements OfferEvent {
}
