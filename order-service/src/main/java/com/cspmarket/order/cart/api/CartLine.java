package com.cspmarket.order.cart.api;

/** One line of a cart: a SKU of an offer and how many seats/units. */
public record CartLine(int lineNumber, String offerId, String skuId, int quantity) {
}
