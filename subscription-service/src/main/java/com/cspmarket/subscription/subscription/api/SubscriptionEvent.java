package com.cspmarket.subscription.subscription.api;

/** Every fact about a subscription. */
public sealed interface SubscriptionEvent permits SubscriptionPurchased, SubscriptionPurchaseRejected,
        SubscriptionActivated, SubscriptionCancelled, CancellationScheduled, ScheduledCancellationUndone,
        AutoRenewChanged, SubscriptionSuspended, SubscriptionReinstated, SubscriptionRenewed, SubscriptionExpired,
        QuantityIncreased, QuantityDecreaseScheduled, ScheduledQuantityDecreaseWithdrawn {
    SubscriptionId subscriptionId();
}
