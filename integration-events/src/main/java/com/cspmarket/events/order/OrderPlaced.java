package com.cspmarket.events.order;

import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;

import java.time.Instant;
import java.util.List;

/** A partner checked out a cart for a customer; each line asks for one subscription at the quoted price. */
public record OrderPlaced(
        String orderId,
        String partnerId,
        String customerId,
        String billingCountry,
        Instant placedAt,
        List<LineItem> lineItems) implements IntegrationEvent {

    public OrderPlaced {
        lineItems = List.copyOf(lineItems);
    }

    @Override
    public String aggregateId() {
        return orderId;
    }

    public record LineItem(int lineNumber, String offerId, String offerName, String publisherName, String skuId,
                           int quantity, String term, String billingCycle, Money quotedUnitPrice) {
    }
}
