package com.cspmarket.order.orders.api;

import java.util.Map;

/**
 * An order line: what was bought, and the unit price per billing cycle quoted at checkout. {@code availabilityId},
 * {@code friendlyName}, {@code provisioningContext}, {@code skuName} and {@code publisherId} were added after revision 1
 * of OrderPlaced and read as null from older events (the availability is then the order's billing country).
 */
public record OrderLine(int lineNumber, String offerId, String offerName, String publisherName, String skuId,
                        int quantity, String term, String billingCycle, Money quotedUnitPrice, String availabilityId,
                        String friendlyName, Map<String, String> provisioningContext, String skuName,
                        String publisherId) {

    public OrderLine {
        provisioningContext = provisioningContext == null ? null : Map.copyOf(provisioningContext);
    }

    /** A line without the SKU's name and the publisher's id. */
    public OrderLine(int lineNumber, String offerId, String offerName, String publisherName, String skuId,
                     int quantity, String term, String billingCycle, Money quotedUnitPrice, String availabilityId,
                     String friendlyName, Map<String, String> provisioningContext) {
        this(lineNumber, offerId, offerName, publisherName, skuId, quantity, term, billingCycle, quotedUnitPrice,
                availabilityId, friendlyName, provisioningContext, null, null);
    }
}
