package com.cspmarket.catalog.offer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.time.LocalDate;

/**
 * Set a SKU's unit price in a market from a date on; {@code today} is the business date (UTC) of the request. */
public record ChangeSkuPrice(@TargetAggregateIdentifier OfferId offerId, String skuId, String market, Money unitPrice,
                             LocalDate effectiveFrom, LocalDate today,
                                     @TargetAggregateVersion Long expectedVersion) {
}
