package com.cspmarket.order.cart.api;

/**
 * One line of a cart: a SKU of an offer, how many units, and optionally the term and billing cycle the partner
 * asks for (checked against the SKU at checkout). The last two were added after revision 1 and read as null
 * ("whatever the SKU has") from older events.
 */
public record CartLine(int lineNumber, String offerId, String skuId, int quantity, String termDuration,
                       String billingCycle) {
}
