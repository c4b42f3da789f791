package com.cspmarket.order.orders.api;

import com.cspmarket.order.cart.api.CartId;
import com.cspmarket.order.customer.api.CustomerId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

@Revision("1")
public record OrderPlaced(OrderId orderId, CartId cartId, CustomerId customerId, String partnerId,
                          String billingCountry, List<OrderLine> lines, Instant placedAt, String customerName,
                          String customerDomainName) implements OrderEvent {
    public OrderPlaced {
        lines = List.copyOf(lines);
    }

    /** An order placed before the customer's name and domain were recorded on it (read as null). */
    public OrderPlaced(OrderId orderId, CartId cartId, CustomerId customerId, String partnerId, String billingCountry,
                       List<OrderLine> lines, Instant placedAt) {
        this(orderId, cartId, customerId, partnerId, billingCountry, lines, placedAt, null, null);
    }
}
