package com.cspmarket.subscription.subscription.query;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A subscription, shaped after Partner Center's Subscription resource: {@code pending} until the customer
 * activates it, then {@code active}; {@code cancelled} when cancelled inside its window. The commitment runs from
 * activation; {@code cancellationWindowEndsAt} says until when a cancellation is refunded in full, and
 * {@code cancellationScheduledFor} when a later cancellation takes effect. {@code version} is the ETag.
 */
public record SubscriptionView(String id, String offerId, String offerName, String publisherName, String skuId,
                               int quantity, String status, boolean autoRenewEnabled, String termDuration,
                               String billingCycle, BigDecimal unitPrice, String currency, Instant creationDate,
                               Instant commitmentStartDate, Instant commitmentEndDate, String orderId,
                               int orderLineNumber, String partnerId, String customerId, String activationLink,
                               Instant cancellationWindowEndsAt, String cancellationPolicyVersion,
                               Instant cancellationScheduledFor, Instant cancelledAt, long version) {

    SubscriptionView with(String status, Boolean autoRenew, Instant start, Instant end, Instant scheduledFor,
                          boolean clearSchedule, Instant cancelled, long newVersion) {
        return new SubscriptionView(id, offerId, offerName, publisherName, skuId, quantity,
                status == null ? this.status : status, autoRenew == null ? autoRenewEnabled : autoRenew, termDuration,
                billingCycle, unitPrice, currency, creationDate, start == null ? commitmentStartDate : start,
                end == null ? commitmentEndDate : end, orderId, orderLineNumber, partnerId, customerId, activationLink,
                cancellationWindowEndsAt, cancellationPolicyVersion,
                clearSchedule ? null : scheduledFor == null ? cancellationScheduledFor : scheduledFor,
                cancelled == null ? cancelledAt : cancelled, newVersion);
    }
}
