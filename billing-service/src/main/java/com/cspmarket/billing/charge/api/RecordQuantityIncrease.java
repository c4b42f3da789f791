package com.cspmarket.billing.charge.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Seats added from {@code effectiveAt} to the end of the current term, at the term's unit price. */
public record RecordQuantityIncrease(@TargetAggregateIdentifier String subscriptionId, String sourceEventId,
                                     int fromQuantity, int toQuantity, Instant effectiveAt, Instant termStart,
                                     Instant termEnd, Money unitPrice) {
}
