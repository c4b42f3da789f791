package com.cspmarket.order.customer.api;

import org.axonframework.serialization.Revision;

@Revision("1")
public record BillingProfileUpdated(CustomerId customerId, BillingProfile billingProfile) {
}
