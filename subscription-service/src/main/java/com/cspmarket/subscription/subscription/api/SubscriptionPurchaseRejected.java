package com.cspmarket.subscription.subscription.api;

import org.axonframework.serialization.Revision;

/** The order line was refused: the subscription never came to be, and the order line fails. */
@Revision("1")
public record SubscriptionPurchaseRejected(SubscriptionId subscriptionId, String orderId, int orderLineNumber,
                                           String partnerId, String customerId, PurchaseRejectionReason reason,
                                           String description) implements SubscriptionEvent {
}
