package com.cspmarket.billing.charge.api;

/** Partner Center charge types of marketplace line items. */
public enum ChargeType {
    NEW, RENEW, CANCEL_CREDIT, QUANTITY_CHANGE
}
