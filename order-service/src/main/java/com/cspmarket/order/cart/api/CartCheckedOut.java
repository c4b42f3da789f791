package com.cspmarket.order.cart.api;

import com.cspmarket.order.orders.api.OrderId;
import org.axonframework.serialization.Revision;

@Revision("1")
public record CartCheckedOut(CartId cartId, OrderId orderId, String requestId) implements CartEvent {
}
