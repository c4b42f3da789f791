package com.cspmarket.billing.charge.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/**
 * The business clock reached {@code today} (UTC): charge every month of the current term that started by then and is
 * not charged yet. Repeating it changes nothing.
 */
public record ChargeDueCycles(@TargetAggregateIdentifier String subscriptionId, LocalDate today) {
}
