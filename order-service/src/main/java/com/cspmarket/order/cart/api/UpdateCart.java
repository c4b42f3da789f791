package com.cspmarket.order.cart.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.List;

/** Replace the cart's lines; {@code expectedVersion} from If-Match (null: no check). */
public record UpdateCart(@TargetAggregateIdentifier CartId cartId, List<CartLine> lines,
                         @TargetAggregateVersion Long expectedVersion) {
}
