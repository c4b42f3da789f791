package com.cspmarket.order.customer.query;

import com.cspmarket.order.customer.api.BillingProfile;

import java.time.Instant;

/** A customer as order-service reads it; {@code version} (the aggregate's sequence number) is the profile's etag. */
public record CustomerView(String id, String partnerId, String companyName, String billingCountry, Instant createdAt,
                           String domain, BillingProfile billingProfile, long version) {
}
