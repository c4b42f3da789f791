package com.cspmarket.order.orders.query;

import com.cspmarket.order.orders.api.OrderLine;

import java.time.Instant;
import java.util.List;

/** An order, shaped after Partner Center's Order resource. */
public record OrderView(String id, String referenceCustomerId, String partnerId, String cartId, String billingCountry,
                        List<OrderLine> lineItems, Instant creationDate, String status) {
}
