package com.cspmarket.order.cart.query;

import com.cspmarket.order.cart.api.CartLine;

import java.time.Instant;
import java.util.List;

public record CartView(String id, String customerId, String status, String orderId, List<CartLine> lineItems,
                       Instant creationTimestamp) {
}
