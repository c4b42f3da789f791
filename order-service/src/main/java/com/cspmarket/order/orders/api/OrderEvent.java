package com.cspmarket.order.orders.api;

public sealed interface OrderEvent permits OrderPlaced, OrderLineFulfilled, OrderLineFailed, OrderCompleted {
    OrderId orderId();
}
