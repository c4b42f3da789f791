package com.cspmarket.subscription.subscription.integration;

import com.cspmarket.events.Money;
import com.cspmarket.kit.IntegrationEventPublisher;
import com.cspmarket.subscription.subscription.api.AutoRenewChanged;
import com.cspmarket.subscription.subscription.api.CancellationScheduled;
import com.cspmarket.subscription.subscription.api.ScheduledCancellationUndone;
import com.cspmarket.subscription.subscription.api.SubscriptionActivated;
import com.cspmarket.subscription.subscription.api.SubscriptionCancelled;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchaseRejected;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchased;
import com.cspmarket.subscription.subscription.api.SubscriptionReinstated;
import com.cspmarket.subscription.subscription.api.SubscriptionSuspended;
import com.cspmarket.subscription.subscription.api.QuantityDecreaseScheduled;
import com.cspmarket.subscription.subscription.api.QuantityIncreased;
import com.cspmarket.subscription.subscription.api.ScheduledQuantityDecreaseWithdrawn;
import com.cspmarket.subscription.subscription.api.SubscriptionExpired;
import com.cspmarket.subscription.subscription.api.SubscriptionRenewed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/** Maps internal subscription events to the subscription contract on Kafka. */
@Component
@ProcessingGroup("integration-publisher")
@DisallowReplay
class SubscriptionEventsPublisher {

    private final IntegrationEventPublisher publisher;

    SubscriptionEventsPublisher(IntegrationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @EventHandler
    void on(SubscriptionPurchased e, EventMessage<SubscriptionPurchased> message) {
        com.cspmarket.subscription.subscription.api.PurchaseDetails d =
                com.cspmarket.subscription.subscription.api.PurchaseDetails.of(e.details());
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionPurchased(
                e.subscriptionId().value(), e.orderId(), e.orderLineNumber(), e.partnerId(), e.customerId(),
                e.offerId(), e.offerName(), e.publisherName(), e.skuId(), e.quantity(), e.term().name(),
                e.billingCycle().name(), money(e.unitPrice()),
                e.purchasedAt(), e.termStart(), e.termEnd(), e.activationLink(), e.market(), d.skuName(),
                d.publisherId(), d.customerName(), d.customerDomainName(), d.friendlyName()));
    }

    @EventHandler
    void on(SubscriptionActivated e, EventMessage<SubscriptionActivated> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionActivated(e.subscriptionId().value(),
                e.orderId(), e.partnerId(), e.customerId(), e.activatedAt(), e.termStart(), e.termEnd()));
    }

    @EventHandler
    void on(SubscriptionCancelled e, EventMessage<SubscriptionCancelled> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionCancelled(
                e.subscriptionId().value(), e.cancelledAt(), e.refund(), e.reason().name()));
    }

    @EventHandler
    void on(CancellationScheduled e, EventMessage<CancellationScheduled> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionCancellationScheduled(
                e.subscriptionId().value(), e.requestedAt(), e.effectiveAt()));
    }

    @EventHandler
    void on(ScheduledCancellationUndone e, EventMessage<ScheduledCancellationUndone> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionCancellationUndone(
                e.subscriptionId().value(), e.undoneAt()));
    }

    @EventHandler
    void on(AutoRenewChanged e, EventMessage<AutoRenewChanged> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionAutoRenewChanged(
                e.subscriptionId().value(), e.autoRenewEnabled()));
    }

    @EventHandler
    void on(SubscriptionSuspended e, EventMessage<SubscriptionSuspended> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionSuspended(
                e.subscriptionId().value(), e.suspendedAt()));
    }

    @EventHandler
    void on(SubscriptionReinstated e, EventMessage<SubscriptionReinstated> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionReinstated(
                e.subscriptionId().value(), e.reinstatedAt()));
    }

    @EventHandler
    void on(SubscriptionPurchaseRejected e, EventMessage<SubscriptionPurchaseRejected> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionPurchaseRejected(
                e.subscriptionId().value(), e.orderId(), e.orderLineNumber(), e.partnerId(), e.customerId(),
                e.reason().name(), e.description()));
    }

    @EventHandler
    void on(SubscriptionRenewed e, EventMessage<SubscriptionRenewed> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionRenewed(e.subscriptionId().value(),
                e.termNumber(), e.termStart(), e.termEnd(), e.quantity(), money(e.unitPrice()), e.renewedAt(),
                e.cancellableUntil()));
    }

    @EventHandler
    void on(SubscriptionExpired e, EventMessage<SubscriptionExpired> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionExpired(e.subscriptionId().value(),
                e.expiredAt(), e.reason().name()));
    }

    @EventHandler
    void on(QuantityIncreased e, EventMessage<QuantityIncreased> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionQuantityIncreased(
                e.subscriptionId().value(), e.fromQuantity(), e.toQuantity(), e.effectiveAt(), e.termStart(),
                e.termEnd(), money(e.unitPrice())));
    }

    @EventHandler
    void on(QuantityDecreaseScheduled e, EventMessage<QuantityDecreaseScheduled> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionQuantityDecreaseScheduled(
                e.subscriptionId().value(), e.fromQuantity(), e.toQuantity(), e.requestedAt(), e.effectiveAt()));
    }

    @EventHandler
    void on(ScheduledQuantityDecreaseWithdrawn e, EventMessage<ScheduledQuantityDecreaseWithdrawn> message) {
        publisher.publish(message, new com.cspmarket.events.subscription.SubscriptionQuantityDecreaseWithdrawn(
                e.subscriptionId().value(), e.quantity(), e.withdrawnAt(), e.reason().name()));
    }

    private static Money money(com.cspmarket.subscription.subscription.api.Money money) {
        return new Money(money.amount(), money.currency().getCurrencyCode());
    }
}
