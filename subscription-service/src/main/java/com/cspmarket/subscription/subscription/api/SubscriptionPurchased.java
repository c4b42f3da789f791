package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The subscription exists at the quoted price; the customer activates it with the publisher via the link. */
@Revision("1")
public record SubscriptionPurchased(SubscriptionId subscriptionId, String orderId, int orderLineNumber,
                                    String partnerId, String customerId, String offerId, String offerName,
                                    String publisherName, String skuId, int quantity, Term term,
                                    BillingCycle billingCycle, Money unitPrice, Instant purchasedAt,
                                    Instant termStart, Instant termEnd, String activationLink, String activationToken, String market,
                                    Instant cancellableUntil, String cancellationPolicyVersion)
        implements SubscriptionEvent {
}
