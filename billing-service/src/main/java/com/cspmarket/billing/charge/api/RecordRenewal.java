package com.cspmarket.billing.charge.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A new term began at the catalog price of its first day: it is charged like the first one, at that price. */
public record RecordRenewal(@TargetAggregateIdentifier String subscriptionId, String sourceEventId, int termNumber,
                            Instant termStart, Instant termEnd, int quantity, Money unitPrice) {
}
