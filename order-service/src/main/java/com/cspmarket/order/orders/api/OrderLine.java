package com.cspmarket.order.orders.api;

import java.util.Map;

/**
 * An order line: what was bought, and the unit price per billing cycle quoted at checkout. {@code availabilityId},
 * {@code friendlyName} and {@code provisioningContext} were added after revision 1 of OrderPlaced and read as null
 * from older events (the availability is then the order's billing country).
 */
public record OrderLine(int lineNumber, String offerId, String offerName, String publisherName, String skuId,
                        int quantity, String term, String billingCycle, Money quotedUnitPrice, String availabilityId,
                        String friendlyName, Map<String, String> provisioningContext) {

    public OrderLine {
        provisioningContext = provisioningContext == null ? null : Map.copyOf(provisioningContext);
    }
}
