package com.cspmarket.order.cart.api;

import org.axonframework.serialization.Revision;

import java.util.List;

@Revision("1")
public record CartUpdated(CartId cartId, List<CartLine> lines) implements CartEvent {
    public CartUpdated {
        lines = List.copyOf(lines);
    }
}
