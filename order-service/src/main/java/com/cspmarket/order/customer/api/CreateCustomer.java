package com.cspmarket.order.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code domain} is the customer's tenant domain (may be null); the profile's address country is its billing country. */
public record CreateCustomer(@TargetAggregateIdentifier CustomerId customerId, String partnerId, String domain,
                             BillingProfile billingProfile) {
}
