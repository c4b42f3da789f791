package com.cspmarket.subscription.subscription.api;

/**
 * What the order said about the purchase beyond what the subscription needs to run, kept for the documents that name
 * it (billing's invoice line items): the SKU's name, the publisher's id, the customer's company name and domain when the
 * order was placed, and the partner's friendly name for the line. Any of them may be null (an order placed before they
 * were recorded); a purchase recorded before they existed has no details at all.
 */
public record PurchaseDetails(String skuName, String publisherId, String customerName, String customerDomainName,
                              String friendlyName) {

    /** What a purchase recorded before details existed has: nothing. */
    public static final PurchaseDetails NONE = new PurchaseDetails(null, null, null, null, null);

    /** The details, or {@link #NONE} for a purchase recorded without them. */
    public static PurchaseDetails of(PurchaseDetails details) {
        return details == null ? NONE : details;
    }
}
