package com.cspmarket.order.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Replace the billing profile; {@code expectedVersion} from If-Match or the body's etag (null: no check). */
public record UpdateBillingProfile(@TargetAggregateIdentifier CustomerId customerId, BillingProfile billingProfile,
                                   @TargetAggregateVersion Long expectedVersion) {
}
