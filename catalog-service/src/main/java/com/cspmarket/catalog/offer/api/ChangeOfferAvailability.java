package com.cspmarket.catalog.offer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.List;

/**
 * Make the offer available in exactly these countries (ISO 3166-1 alpha-2). */
public record ChangeOfferAvailability(@TargetAggregateIdentifier OfferId offerId, List<String> countries,
                                     @TargetAggregateVersion Long expectedVersion) {
}
