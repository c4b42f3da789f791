package com.cspmarket.order.orders.api;

import com.cspmarket.order.cart.api.CartId;
import com.cspmarket.order.customer.api.CustomerId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

public record PlaceOrder(@TargetAggregateIdentifier OrderId orderId, CartId cartId, CustomerId customerId,
                         String partnerId, String billingCountry, List<OrderLine> lines, Instant placedAt,
                         String customerName, String customerDomainName) {
}
