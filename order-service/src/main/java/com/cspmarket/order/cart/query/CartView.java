package com.cspmarket.order.cart.query;

import com.cspmarket.order.cart.api.CartLine;

import java.time.Instant;
import java.util.List;

/** A cart, shaped after Partner Center's Cart resource. {@code version} is its ETag. */
public record CartView(String id, String customerId, String status, String orderId, List<CartLine> lineItems,
                       Instant creationTimestamp, Instant lastModifiedTimestamp, long version) {
}
