package com.cspmarket.order.cart.api;

import java.util.Map;

/**
 * One line of a cart: a SKU of an offer in one availability (Partner Center's {@code catalogItemId} is
 * {@code offerId:skuId:availabilityId}; an availability here is a country), how many units, and optionally the term
 * and billing cycle the partner asks for (checked against the SKU at checkout). Lines are numbered from 0, as Partner
 * Center numbers cart line items. Fields after {@code quantity} were added after revision 1 of the cart events and
 * read as null from older events ("whatever the SKU has"; the customer's billing country as availability).
 */
public record CartLine(int lineNumber, String offerId, String skuId, int quantity, String termDuration,
                       String billingCycle, String availabilityId, String friendlyName,
                       Map<String, String> provisioningContext) {

    public CartLine {
        provisioningContext = provisioningContext == null ? null : Map.copyOf(provisioningContext);
    }
}
