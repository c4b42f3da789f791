package com.cspmarket.subscription.subscription.query;

import com.cspmarket.subscription.subscription.api.AutoRenewChanged;
import com.cspmarket.subscription.subscription.api.CancellationScheduled;
import com.cspmarket.subscription.subscription.api.QuantityDecreaseScheduled;
import com.cspmarket.subscription.subscription.api.QuantityIncreased;
import com.cspmarket.subscription.subscription.api.ScheduledCancellationUndone;
import com.cspmarket.subscription.subscription.api.ScheduledQuantityDecreaseWithdrawn;
import com.cspmarket.subscription.subscription.api.SubscriptionActivated;
import com.cspmarket.subscription.subscription.api.SubscriptionCancelled;
import com.cspmarket.subscription.subscription.api.SubscriptionEvent;
import com.cspmarket.subscription.subscription.api.SubscriptionExpired;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchaseRejected;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchased;
import com.cspmarket.subscription.subscription.api.SubscriptionReinstated;
import com.cspmarket.subscription.subscription.api.SubscriptionRenewed;
import com.cspmarket.subscription.subscription.api.SubscriptionSuspended;

/**
 * How each event changes a subscription as Partner Center shows it: a pure function, used by the live projection
 * and by "as of" queries that fold a subscription's own events up to an instant.
 */
public final class SubscriptionFold {

    private SubscriptionFold() {
    }

    /** @return the view after {@code event} (sequence {@code version}); null while the subscription does not exist */
    public static SubscriptionView apply(SubscriptionView v, SubscriptionEvent event, long version) {
        if (event instanceof SubscriptionPurchased e) {
            return new SubscriptionView(e.subscriptionId().value(), e.offerId(), e.offerName(), e.publisherName(),
                    e.skuId(), e.quantity(), null, "pending", true, e.term().name(), e.billingCycle().name(),
                    e.unitPrice().amount(), e.unitPrice().currency().getCurrencyCode(), e.market(), e.purchasedAt(), 1,
                    e.termStart(), e.termEnd(), e.orderId(), e.orderLineNumber(), e.partnerId(), e.customerId(),
                    e.activationLink(), e.cancellableUntil(), e.cancellationPolicyVersion(), null, null, null, null,
                    null, e.activationDeadline(), version);
        }
        if (v == null || event instanceof SubscriptionPurchaseRejected) {
            return v;
        }
        SubscriptionView.Draft d = v.draft();
        if (event instanceof SubscriptionActivated e) {
            d.status = "active";
            d.commitmentStartDate = e.termStart();
            d.commitmentEndDate = e.termEnd();
        } else if (event instanceof SubscriptionCancelled e) {
            d.status = "cancelled";
            d.autoRenewEnabled = false;
            d.cancellationScheduledFor = null;
            d.scheduledQuantity = null;
            d.cancelledAt = e.cancelledAt();
            d.cancellationReason = e.reason().name();
        } else if (event instanceof CancellationScheduled e) {
            d.cancellationScheduledFor = e.effectiveAt();
        } else if (event instanceof ScheduledCancellationUndone) {
            d.cancellationScheduledFor = null;
        } else if (event instanceof AutoRenewChanged e) {
            d.autoRenewEnabled = e.autoRenewEnabled();
        } else if (event instanceof SubscriptionSuspended) {
            d.status = "suspended";
        } else if (event instanceof SubscriptionReinstated e) {
            d.status = e.activated() ? "active" : "pending";
        } else if (event instanceof SubscriptionRenewed e) {
            d.termNumber = e.termNumber();
            d.commitmentStartDate = e.termStart();
            d.commitmentEndDate = e.termEnd();
            d.quantity = e.quantity();
            d.scheduledQuantity = null;
            d.unitPrice = e.unitPrice().amount();
            d.currency = e.unitPrice().currency().getCurrencyCode();
            d.cancellationWindowEndsAt = e.cancellableUntil();
            d.cancellationPolicyVersion = e.cancellationPolicyVersion();
        } else if (event instanceof SubscriptionExpired e) {
            d.status = "expired";
            d.autoRenewEnabled = false;
            d.cancellationScheduledFor = null;
            d.scheduledQuantity = null;
            d.expiredAt = e.expiredAt();
            d.expiryReason = e.reason().name();
        } else if (event instanceof QuantityIncreased e) {
            d.quantity = e.toQuantity();
            d.scheduledQuantity = null;
        } else if (event instanceof QuantityDecreaseScheduled e) {
            d.scheduledQuantity = e.toQuantity();
        } else if (event instanceof ScheduledQuantityDecreaseWithdrawn) {
            d.scheduledQuantity = null;
        } else {
            throw new IllegalArgumentException("no fold for " + event.getClass().getSimpleName());
        }
        return d.build(version);
    }
}
