package com.cspmarket.subscription.subscription.command;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.subscription.subscription.api.BillingCycle;
import com.cspmarket.subscription.subscription.api.PurchaseSubscription;
import com.cspmarket.subscription.subscription.api.SubscriptionId;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchased;
import com.cspmarket.subscription.subscription.api.Term;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.http.HttpStatus;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A customer's subscription to a marketplace SaaS plan: every decision about it is an event. */
@Aggregate
public class Subscription {

    @AggregateIdentifier
    private SubscriptionId subscriptionId;

    protected Subscription() {
    }

    @CommandHandler
    public Subscription(PurchaseSubscription command) {
        if (command.quantity() < 1) {
            throw new BusinessException("invalid-quantity", HttpStatus.UNPROCESSABLE_ENTITY, "quantity must be at least 1");
        }
        if (command.term() == Term.P1M && command.billingCycle() == BillingCycle.ANNUAL) {
            throw new BusinessException("invalid-billing-cycle", HttpStatus.UNPROCESSABLE_ENTITY,
                    "a monthly term cannot be billed annually");
        }
        Instant start = command.purchasedAt();
        apply(new SubscriptionPurchased(command.subscriptionId(), command.orderId(), command.orderLineNumber(),
                command.partnerId(), command.customerId(), command.offerId(), command.offerName(),
                command.publisherName(), command.skuId(), command.quantity(), command.term(), command.billingCycle(),
                command.unitPrice(), command.purchasedAt(), start, command.term().endOfTermStartingAt(start)));
    }

    @EventSourcingHandler
    void on(SubscriptionPurchased event) {
        subscriptionId = event.subscriptionId();
    }
}
