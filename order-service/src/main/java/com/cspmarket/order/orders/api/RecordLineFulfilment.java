package com.cspmarket.order.orders.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** subscription-service created the line's subscription. */
public record RecordLineFulfilment(@TargetAggregateIdentifier OrderId orderId, int lineNumber, String subscriptionId,
                                   String activationLink) {
}
