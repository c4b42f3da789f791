package com.cspmarket.catalog.offer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Withdraw the offer at {@code at} (business time). */
public record WithdrawOffer(@TargetAggregateIdentifier OfferId offerId, String reason, java.time.Instant at,
                                     @TargetAggregateVersion Long expectedVersion) {
}
