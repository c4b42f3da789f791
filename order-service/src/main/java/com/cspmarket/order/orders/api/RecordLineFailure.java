package com.cspmarket.order.orders.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** subscription-service refused the line. */
public record RecordLineFailure(@TargetAggregateIdentifier OrderId orderId, int lineNumber, String reason,
                                String description) {
}
