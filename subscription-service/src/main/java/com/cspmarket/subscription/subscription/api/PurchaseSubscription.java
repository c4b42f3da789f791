package com.cspmarket.subscription.subscription.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record PurchaseSubscription(@TargetAggregateIdentifier SubscriptionId subscriptionId, String orderId,
                                   int orderLineNumber, String partnerId, String customerId, String offerId,
                                   String offerName, String publisherName, String skuId, int quantity, Term term,
                                   BillingCycle billingCycle, Money unitPrice, Instant purchasedAt,
                                   String activationLink, String activationToken, String market,
                                    Instant cancellableUntil, String cancellationPolicyVersion,
                                    Instant activationDeadline, PurchaseDetails details) {

    /** A purchase without details. */
    public PurchaseSubscription(SubscriptionId subscriptionId, String orderId, int orderLineNumber, String partnerId,
                                String customerId, String offerId, String offerName, String publisherName,
                                String skuId, int quantity, Term term, BillingCycle billingCycle, Money unitPrice,
                                Instant purchasedAt, String activationLink, String activationToken, String market,
                                Instant cancellableUntil, String cancellationPolicyVersion, Instant activationDeadline) {
        this(subscriptionId, orderId, orderLineNumber, partnerId, customerId, offerId, offerName, publisherName, skuId,
                quantity, term, billingCycle, unitPrice, purchasedAt, activationLink, activationToken, market,
                cancellableUntil, cancellationPolicyVersion, activationDeadline, null);
    }
}
