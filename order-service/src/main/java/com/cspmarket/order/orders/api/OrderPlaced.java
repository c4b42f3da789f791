package com.cspmarket.order.orders.api;

import com.cspmarket.order.cart.api.CartId;
import com.cspmarket.order.customer.api.CustomerId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

@Revision("1")
public record OrderPlaced(OrderId orderId, CartId cartId, CustomerId customerId, String partnerId,
                          String billingCountry, List<OrderLine> lines, Instant placedAt) implements OrderEvent {
    public OrderPlaced {
        lines = List.copyOf(lines);
    }
}
