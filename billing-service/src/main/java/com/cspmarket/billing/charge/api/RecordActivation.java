package com.cspmarket.billing.charge.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The customer activated the subscription: its first term (or first month) is charged from {@code termStart}. */
public record RecordActivation(@TargetAggregateIdentifier String subscriptionId, String sourceEventId,
                               Instant termStart, Instant termEnd) {
}
