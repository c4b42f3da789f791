package com.cspmarket.order.orders.api;

import org.axonframework.serialization.Revision;

/** Every line is settled: fulfilled (a subscription exists) or failed. */
@Revision("1")
public record OrderCompleted(OrderId orderId, int fulfilledLines, int failedLines) implements OrderEvent {
}
