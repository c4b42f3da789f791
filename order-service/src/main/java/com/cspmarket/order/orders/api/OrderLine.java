package com.cspmarket.order.orders.api;

/** An order line: what was bought, and the unit price per billing cycle quoted at checkout. */
public record OrderLine(int lineNumber, String offerId, String offerName, String publisherName, String skuId,
                        int quantity, String term, String billingCycle, Money quotedUnitPrice) {
}
