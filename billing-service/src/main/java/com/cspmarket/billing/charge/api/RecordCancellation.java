package com.cspmarket.billing.charge.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The subscription was cancelled inside its window: what was charged is credited back in full. */
public record RecordCancellation(@TargetAggregateIdentifier String subscriptionId, String sourceEventId,
                                 Instant cancelledAt, String refund) {
}
