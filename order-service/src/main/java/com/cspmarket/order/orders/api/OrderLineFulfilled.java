package com.cspmarket.order.orders.api;

import org.axonframework.serialization.Revision;

/** The line's subscription exists; the customer activates it through {@code activationLink}. */
@Revision("1")
public record OrderLineFulfilled(OrderId orderId, int lineNumber, String subscriptionId, String activationLink)
        implements OrderEvent {
}
