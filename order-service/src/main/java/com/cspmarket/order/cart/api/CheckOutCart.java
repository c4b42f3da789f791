package com.cspmarket.order.cart.api;

import com.cspmarket.order.orders.api.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Check the cart out into {@code orderId}; {@code requestId} makes a retried checkout recognisable. */
public record CheckOutCart(@TargetAggregateIdentifier CartId cartId, OrderId orderId, String requestId) {
}
