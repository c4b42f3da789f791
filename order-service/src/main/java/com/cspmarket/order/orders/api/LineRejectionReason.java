package com.cspmarket.order.orders.api;

/** Why a cart line cannot be ordered. Stable codes: clients switch on them. */
public enum LineRejectionReason {
    OFFER_NOT_FOUND,
    SKU_NOT_FOUND,
    OFFER_WITHDRAWN,
    NOT_SAAS,
    NOT_OFFERED_TO_CSP_PARTNERS,
    COUNTRY_NOT_SUPPORTED,
    /** The cart line's catalog item is the availability of another country than the customer's billing country. */
    AVAILABILITY_NOT_IN_CUSTOMER_COUNTRY,
    QUANTITY_OUT_OF_RANGE,
    TERM_NOT_SUPPORTED,
    BILLING_CYCLE_NOT_SUPPORTED,
    NO_PRICE_IN_MARKET
}
