package com.cspmarket.subscription.subscription.api;

/** Why a subscription ended at the end of its term instead of renewing. */
public enum ExpiryReason {
    /** a cancellation after the window was scheduled for the term end */
    CANCELLED_AT_TERM_END,
    /** the partner switched auto-renew off */
    AUTO_RENEW_OFF,
    /** the subscription was suspended when its term ended */
    SUSPENDED,
    /** the publisher withdrew the offer from the marketplace */
    OFFER_WITHDRAWN,
    /** the catalog has no price for the plan in the subscription's market any more */
    NO_CURRENT_PRICE
}
