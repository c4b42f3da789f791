package com.cspmarket.subscription.subscription.query;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A subscription, shaped after Partner Center's Subscription resource: {@code pending} until the customer
 * activates it, then {@code active}; the commitment runs from activation ({@code commitmentStartDate}).
 */
public record SubscriptionView(String id, String offerId, String offerName, String publisherName, String skuId,
                               int quantity, String status, boolean autoRenewEnabled, String termDuration,
                               String billingCycle, BigDecimal unitPrice, String currency, Instant creationDate,
                               Instant commitmentStartDate, Instant commitmentEndDate, String orderId, int orderLineNumber, String partnerId,
                               String customerId, String activationLink) {
}
