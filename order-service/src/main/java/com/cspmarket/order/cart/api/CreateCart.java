package com.cspmarket.order.cart.api;

import com.cspmarket.order.customer.api.CustomerId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public record CreateCart(@TargetAggregateIdentifier CartId cartId, CustomerId customerId, List<CartLine> lines) {
}
