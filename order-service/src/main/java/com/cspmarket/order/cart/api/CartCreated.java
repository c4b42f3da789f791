package com.cspmarket.order.cart.api;

import com.cspmarket.order.customer.api.CustomerId;
import org.axonframework.serialization.Revision;

import java.util.List;

@Revision("1")
public record CartCreated(CartId cartId, CustomerId customerId, List<CartLine> lines) implements CartEvent {
    public CartCreated {
        lines = List.copyOf(lines);
    }
}
