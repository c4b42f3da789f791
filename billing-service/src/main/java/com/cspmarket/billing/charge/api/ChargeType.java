package com.cspmarket.billing.charge.api;

/**
 * Partner Center charge types of marketplace line items. {@code CYCLE} is a later month of a term billed monthly
 * (an annual commitment paid month by month): its first month is NEW or RENEW, the others are cycle charges.
 */
public enum ChargeType {
    NEW, RENEW, CYCLE, CANCEL_CREDIT, QUANTITY_CHANGE
}
