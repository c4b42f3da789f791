package com.cspmarket.events.subscription;

import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;

import java.time.Instant;

/**
 * A subscription exists for an order line, at the price quoted at checkout, for its first term. The customer
 * activates it with the publisher through {@code activationLink}. Added later, compatibly (null in an event written
 * before): {@code market} (the customer's country; the catalog availability bought), {@code skuName},
 * {@code publisherId}, {@code customerName}, {@code customerDomainName} and {@code friendlyName}, as they were when the
 * order was placed, for the documents that name them (invoice line items).
 */
public record SubscriptionPurchased(
        String subscriptionId,
        String orderId,
        int orderLineNumber,
        String partnerId,
        String customerId,
        String offerId,
        String offerName,
        String publisherName,
        String skuId,
        int quantity,
        String term,
        String billingCycle,
        Money unitPrice,
        Instant purchasedAt,
        Instant termStart,
        Instant termEnd,
        String activationLink,
        String market,
        String skuName,
        String publisherId,
        String customerName,
        String customerDomainName,
        String friendlyName) implements IntegrationEvent {

    /** A purchase without the fields added later. */
    public SubscriptionPurchased(String subscriptionId, String orderId, int orderLineNumber, String partnerId,
                                 String customerId, String offerId, String offerName, String publisherName,
                                 String skuId, int quantity, String term, String billingCycle, Money unitPrice,
                                 Instant purchasedAt, Instant termStart, Instant termEnd, String activationLink) {
        this(subscriptionId, orderId, orderLineNumber, partnerId, customerId, offerId, offerName, publisherName, skuId,
                quantity, term, billingCycle, unitPrice, purchasedAt, termStart, termEnd, activationLink, null, null,
                null, null, null, null);
    }

    @Override
    public String aggregateId() {
        return subscriptionId;
    }
}
