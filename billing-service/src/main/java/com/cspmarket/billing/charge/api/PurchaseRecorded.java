package com.cspmarket.billing.charge.api;

import org.axonframework.serialization.Revision;

/**
 * Billing knows what the subscription costs; it charges nothing before activation. Revision 2 added {@code details}:
 * what the invoice line items name besides the charge (order date, market, SKU name, publisher id, customer name and
 * domain, the partner's friendly name), as they were when the order was placed; a revision-1 event has none.
 */
@Revision("2")
public record PurchaseRecorded(String subscriptionId, String partnerId, String customerId, String orderId,
                               String offerId, String offerName, String publisherName, String skuId, int quantity,
                               String term, String billingCycle, Money unitPrice, String sourceEventId,
                               Details details) {

    /** A purchase without details. */
    public PurchaseRecorded(String subscriptionId, String partnerId, String customerId, String orderId, String offerId,
                            String offerName, String publisherName, String skuId, int quantity, String term,
                            String billingCycle, Money unitPrice, String sourceEventId) {
        this(subscriptionId, partnerId, customerId, orderId, offerId, offerName, publisherName, skuId, quantity, term,
                billingCycle, unitPrice, sourceEventId, null);
    }

    /** Any part may be null: the purchase event that reported it was written before that part existed. */
    public record Details(java.time.Instant orderDate, String market, String skuName, String publisherId,
                          String customerName, String customerDomainName, String friendlyName) {

        /** What a revision-1 purchase has: nothing. */
        public static final Details NONE = new Details(null, null, null, null, null, null, null);

        /** The details, or {@link #NONE} for a purchase recorded without them. */
        public static Details of(Details details) {
            return details == null ? NONE : details;
        }
    }
}
