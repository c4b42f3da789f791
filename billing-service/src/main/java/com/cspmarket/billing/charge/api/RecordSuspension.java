package com.cspmarket.billing.charge.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The subscription was suspended ({@code suspended}) or reinstated at {@code at}: billing goes on, and says so. */
public record RecordSuspension(@TargetAggregateIdentifier String subscriptionId, String sourceEventId, boolean suspended,
                               Instant at) {
}
