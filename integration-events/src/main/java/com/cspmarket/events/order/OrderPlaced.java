package com.cspmarket.events.order;

import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;

import java.time.Instant;
import java.util.List;

/**
 * A partner checked out a cart for a customer; each line asks for one subscription at the quoted price.
 * {@code customerName} and {@code customerDomainName} (the customer's company name and domain when the order was
 * placed) were added later, compatibly: an event written before them reads them as null.
 */
public record OrderPlaced(
        String orderId,
        String partnerId,
        String customerId,
        String billingCountry,
        Instant placedAt,
        List<LineItem> lineItems,
        String customerName,
        String customerDomainName) implements IntegrationEvent {

    public OrderPlaced {
        lineItems = List.copyOf(lineItems);
    }

    /** An order without the customer's name and domain (as written before they were added). */
    public OrderPlaced(String orderId, String partnerId, String customerId, String billingCountry, Instant placedAt,
                       List<LineItem> lineItems) {
        this(orderId, partnerId, customerId, billingCountry, placedAt, lineItems, null, null);
    }

    @Override
    public String aggregateId() {
        return orderId;
    }

    /**
     * One line. {@code availabilityId} (the catalog availability bought: the market), {@code skuName},
     * {@code publisherId} and {@code friendlyName} (the partner's name for the line) were added later, compatibly.
     */
    public record LineItem(int lineNumber, String offerId, String offerName, String publisherName, String skuId,
                           int quantity, String term, String billingCycle, Money quotedUnitPrice,
                           String availabilityId, String skuName, String publisherId, String friendlyName) {

        /** A line without the fields added later. */
        public LineItem(int lineNumber, String offerId, String offerName, String publisherName, String skuId,
                        int quantity, String term, String billingCycle, Money quotedUnitPrice) {
            this(lineNumber, offerId, offerName, publisherName, skuId, quantity, term, billingCycle, quotedUnitPrice,
                    null, null, null, null);
        }
    }
}
