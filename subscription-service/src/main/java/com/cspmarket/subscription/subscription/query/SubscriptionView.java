package com.cspmarket.subscription.subscription.query;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A subscription, shaped after Partner Center's Subscription resource: {@code pending} until the customer
 * activates it, then {@code active} (or {@code suspended}); {@code cancelled} when cancelled inside its window,
 * {@code expired} when a term ended without renewal. The current term runs from {@code commitmentStartDate} to
 * {@code commitmentEndDate} at {@code unitPrice}; {@code cancellationWindowEndsAt} says until when a cancellation is
 * refunded in full, {@code cancellationScheduledFor} when a later cancellation takes effect and
 * {@code scheduledQuantity} the quantity the next term starts with. A pending subscription not activated by
 * {@code activationDeadline} is cancelled ({@code cancellationReason} ACTIVATION_DEADLINE_PASSED, nothing charged); the
 * refund window ({@code cancellationWindowEndsAt}) counts from the purchase all the same. {@code version} is the ETag.
 */
public record SubscriptionView(String id, String offerId, String offerName, String publisherName, String skuId,
                               int quantity, Integer scheduledQuantity, String status, boolean autoRenewEnabled,
                               String termDuration, String billingCycle, BigDecimal unitPrice, String currency,
                               String market, Instant creationDate, int termNumber, Instant commitmentStartDate,
                               Instant commitmentEndDate, String orderId, int orderLineNumber, String partnerId,
                               String customerId, String activationLink, Instant cancellationWindowEndsAt,
                               String cancellationPolicyVersion, Instant cancellationScheduledFor,
                               Instant cancelledAt, String cancellationReason, Instant expiredAt,
                               String expiryReason, Instant activationDeadline, long version) {

    Draft draft() {
        return new Draft(this);
    }

    /** A copy to change field by field; the fold is the only writer. */
    static final class Draft {
        private final SubscriptionView from;
        int quantity;
        Integer scheduledQuantity;
        String status;
        boolean autoRenewEnabled;
        BigDecimal unitPrice;
        String currency;
        int termNumber;
        Instant commitmentStartDate;
        Instant commitmentEndDate;
        Instant cancellationWindowEndsAt;
        String cancellationPolicyVersion;
        Instant cancellationScheduledFor;
        Instant cancelledAt;
        String cancellationReason;
        Instant expiredAt;
        String expiryReason;

        private Draft(SubscriptionView v) {
            from = v;
            quantity = v.quantity;
            scheduledQuantity = v.scheduledQuantity;
            status = v.status;
            autoRenewEnabled = v.autoRenewEnabled;
            unitPrice = v.unitPrice;
            currency = v.currency;
            termNumber = v.termNumber;
            commitmentStartDate = v.commitmentStartDate;
            commitmentEndDate = v.commitmentEndDate;
            cancellationWindowEndsAt = v.cancellationWindowEndsAt;
            cancellationPolicyVersion = v.cancellationPolicyVersion;
            cancellationScheduledFor = v.cancellationScheduledFor;
            cancelledAt = v.cancelledAt;
            cancellationReason = v.cancellationReason;
            expiredAt = v.expiredAt;
            expiryReason = v.expiryReason;
        }

        SubscriptionView build(long version) {
            return new SubscriptionView(from.id, from.offerId, from.offerName, from.publisherName, from.skuId, quantity,
                    scheduledQuantity, status, autoRenewEnabled, from.termDuration, from.billingCycle, unitPrice,
                    currency, from.market, from.creationDate, termNumber, commitmentStartDate, commitmentEndDate,
                    from.orderId, from.orderLineNumber, from.partnerId, from.customerId, from.activationLink,
                    cancellationWindowEndsAt, cancellationPolicyVersion, cancellationScheduledFor, cancelledAt,
                    cancellationReason, expiredAt, expiryReason, from.activationDeadline, version);
        }
    }
}
