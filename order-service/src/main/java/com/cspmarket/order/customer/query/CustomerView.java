package com.cspmarket.order.customer.query;

import java.time.Instant;

public record CustomerView(String id, String partnerId, String companyName, String billingCountry, Instant createdAt) {
}
