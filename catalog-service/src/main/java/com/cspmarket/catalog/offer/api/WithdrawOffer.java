package com.cspmarket.catalog.offer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

public record WithdrawOffer(@TargetAggregateIdentifier OfferId offerId, String reason,
                                     @TargetAggregateVersion Long expectedVersion) {
}
