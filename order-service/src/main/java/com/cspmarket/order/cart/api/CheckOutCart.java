package com.cspmarket.order.cart.api;

import com.cspmarket.order.orders.api.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Check the cart out into {@code orderId}; {@code requestId} makes a retried checkout recognisable.
 * {@code expectedVersion} is the version of the cart whose lines the order was priced from: a cart changed since
 * is refused ({@code ConflictingAggregateVersionException}), so an order never holds other lines than its cart's.
 * Null for a retry, which only asks which order the cart went into.
 */
public record CheckOutCart(@TargetAggregateIdentifier CartId cartId, OrderId orderId, String requestId,
                           @TargetAggregateVersion Long expectedVersion) {
}
