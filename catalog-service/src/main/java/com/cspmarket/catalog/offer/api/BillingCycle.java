package com.cspmarket.catalog.offer.api;

public enum BillingCycle {
    MONTHLY, ANNUAL
}
