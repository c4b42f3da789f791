package com.cspmarket.order.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateCustomer(@TargetAggregateIdentifier CustomerId customerId, String partnerId, String companyName,
                             String billingCountry) {
}
