package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The subscription exists at the quoted price; the customer activates it with the publisher via the link, by
 * {@code activationDeadline} (revision 2; revision 1 is read with the default policy's 30 days after purchase), or it
 * is cancelled with nothing charged. {@code details} (the names the invoice shows) were added to revision 2
 * compatibly: a purchase recorded before reads them as null.
 */
@Revision("2")
public record SubscriptionPurchased(SubscriptionId subscriptionId, String orderId, int orderLineNumber,
                                    String partnerId, String customerId, String offerId, String offerName,
                                    String publisherName, String skuId, int quantity, Term term,
                                    BillingCycle billingCycle, Money unitPrice, Instant purchasedAt,
                                    Instant termStart, Instant termEnd, String activationLink, String activationToken, String market,
                                    Instant cancellableUntil, String cancellationPolicyVersion,
                                    Instant activationDeadline, PurchaseDetails details)
        implements SubscriptionEvent {

    /** A purchase without details. */
    public SubscriptionPurchased(SubscriptionId subscriptionId, String orderId, int orderLineNumber, String partnerId,
                                 String customerId, String offerId, String offerName, String publisherName,
                                 String skuId, int quantity, Term term, BillingCycle billingCycle, Money unitPrice,
                                 Instant purchasedAt, Instant termStart, Instant termEnd, String activationLink,
                                 String activationToken, String market, Instant cancellableUntil,
                                 String cancellationPolicyVersion, Instant activationDeadline) {
        this(subscriptionId, orderId, orderLineNumber, partnerId, customerId, offerId, offerName, publisherName, skuId,
                quantity, term, billingCycle, unitPrice, purchasedAt, termStart, termEnd, activationLink,
                activationToken, market, cancellableUntil, cancellationPolicyVersion, activationDeadline, null);
    }
}
