package com.cspmarket.subscription.subscription.query;

import com.cspmarket.subscription.subscription.api.AutoRenewChanged;
import com.cspmarket.subscription.subscription.api.CancellationScheduled;
import com.cspmarket.subscription.subscription.api.ScheduledCancellationUndone;
import com.cspmarket.subscription.subscription.api.SubscriptionActivated;
import com.cspmarket.subscription.subscription.api.SubscriptionCancelled;
import com.cspmarket.subscription.subscription.api.SubscriptionEvent;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchaseRejected;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchased;
import com.cspmarket.subscription.subscription.api.SubscriptionReinstated;
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
                    e.skuId(), e.quantity(), "pending", true, e.term().name(), e.billingCycle().name(),
                    e.unitPrice().amount(), e.unitPrice().currency().getCurrencyCode(), e.purchasedAt(), e.termStart(),
                    e.termEnd(), e.orderId(), e.orderLineNumber(), e.partnerId(), e.customerId(), e.activationLink(),
                    e.cancellableUntil(), e.cancellationPolicyVersion(), null, null, version);
        }
        if (v == null || event instanceof SubscriptionPurchaseRejected) {
            return v;
        }
        if (event instanceof SubscriptionActivated e) {
            return v.with("active", null, e.termStart(), e.termEnd(), null, false, null, version);
        }
        if (event instanceof SubscriptionCancelled e) {
            return v.with("cancelled", false, null, null, null, true, e.cancelledAt(), version);
        }
        if (event instanceof CancellationScheduled e) {
            return v.with(null, null, null, null, e.effectiveAt(), false, null, version);
        }
        if (event instanceof ScheduledCancellationUndone) {
            return v.with(null, null, null, null, null, true, null, version);
        }
        if (event instanceof AutoRenewChanged e) {
            return v.with(null, e.autoRenewEnabled(), null, null, null, false, null, version);
        }
        if (event instanceof SubscriptionSuspended) {
            return v.with("suspended", null, null, null, null, false, null, version);
        }
        if (event instanceof SubscriptionReinstated e) {
            return v.with(e.activated() ? "active" : "pending", null, null, null, null, false, null, version);
        }
        throw new IllegalArgumentException("no fold for " + event.getClass().getSimpleName());
    }
}
