package com.cspmarket.subscription.subscription.api;

/** Why an order line could not become a subscription. Stable codes: order-service reports them per line. */
public enum PurchaseRejectionReason {
    INVALID_QUANTITY, INVALID_BILLING_CYCLE
}
