package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The publisher's service is set up: the first term runs from activation, and billing starts now. */
@Revision("1")
public record SubscriptionActivated(SubscriptionId subscriptionId, String orderId, String partnerId,
                                    String customerId, Instant activatedAt, Instant termStart, Instant termEnd) implements SubscriptionEvent {
}
