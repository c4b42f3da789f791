package com.cspmarket.order.cart.api;

import com.cspmarket.order.orders.api.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CheckOutCart(@TargetAggregateIdentifier CartId cartId, OrderId orderId) {
}
