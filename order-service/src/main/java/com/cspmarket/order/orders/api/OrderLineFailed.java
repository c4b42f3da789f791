package com.cspmarket.order.orders.api;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderLineFailed(OrderId orderId, int lineNumber, String reason, String description) implements OrderEvent {
}
