package com.cspmarket.subscription.subscription.api;

public enum BillingCycle {
    MONTHLY, ANNUAL
}
