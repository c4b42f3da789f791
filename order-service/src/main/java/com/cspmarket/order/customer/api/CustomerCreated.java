package com.cspmarket.order.customer.api;

import org.axonframework.serialization.Revision;

@Revision("1")
public record CustomerCreated(CustomerId customerId, String partnerId, String companyName, String billingCountry) {
}
