package com.cspmarket.subscription.subscription.command;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.BusinessException;
import com.cspmarket.subscription.subscription.api.ActivateSubscription;
import com.cspmarket.subscription.subscription.api.BillingCycle;
import com.cspmarket.subscription.subscription.api.PurchaseRejectionReason;
import com.cspmarket.subscription.subscription.api.PurchaseSubscription;
import com.cspmarket.subscription.subscription.api.SubscriptionActivated;
import com.cspmarket.subscription.subscription.api.SubscriptionId;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchaseRejected;
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
    private boolean rejected;
    private String orderId;
    private String partnerId;
    private String customerId;
    private Term term;
    private String activationToken;
    private boolean activated;

    protected Subscription() {
    }

    /**
     * A purchase arrives from an order over Kafka, so a refusal cannot be an error to a caller: it is recorded as
     * {@link SubscriptionPurchaseRejected} and the order line fails.
     */
    @CommandHandler
    public Subscription(PurchaseSubscription command) {
        if (command.quantity() < 1) {
            reject(command, PurchaseRejectionReason.INVALID_QUANTITY, "quantity must be at least 1, was " + command.quantity());
            return;
        }
        if (command.term() == Term.P1M && command.billingCycle() == BillingCycle.ANNUAL) {
            reject(command, PurchaseRejectionReason.INVALID_BILLING_CYCLE, "a monthly term cannot be billed annually");
            return;
        }
        Instant start = command.purchasedAt();
        apply(new SubscriptionPurchased(command.subscriptionId(), command.orderId(), command.orderLineNumber(),
                command.partnerId(), command.customerId(), command.offerId(), command.offerName(),
                command.publisherName(), command.skuId(), command.quantity(), command.term(), command.billingCycle(),
                command.unitPrice(), command.purchasedAt(), start, command.term().endOfTermStartingAt(start),
                command.activationLink(), command.activationToken()));
    }

    @CommandHandler
    void handle(ActivateSubscription command) {
        if (rejected) {
            throw new BusinessException("subscription-not-found", HttpStatus.NOT_FOUND,
                    "subscription " + subscriptionId + " was never created (its purchase was rejected)");
        }
        if (!activationToken.equals(command.token())) {
            throw new BusinessException("invalid-activation-token", HttpStatus.FORBIDDEN,
                    "the activation token does not belong to subscription " + subscriptionId);
        }
        if (activated) {
            return; // following the link again changes nothing
        }
        apply(new SubscriptionActivated(subscriptionId, orderId, partnerId, customerId, command.now(), command.now(),
                term.endOfTermStartingAt(command.now())));
    }

    private static void reject(PurchaseSubscription command, PurchaseRejectionReason reason, String description) {
        apply(new SubscriptionPurchaseRejected(command.subscriptionId(), command.orderId(), command.orderLineNumber(),
                command.partnerId(), command.customerId(), reason, description));
    }

    @EventSourcingHandler
    void on(SubscriptionPurchased event) {
        subscriptionId = event.subscriptionId();
        term = event.term();
        activationToken = event.activationToken();
        orderId = event.orderId();
        partnerId = event.partnerId();
        customerId = event.customerId();
    }

    @EventSourcingHandler
    void on(SubscriptionActivated event) {
        activated = true;
    }

    @EventSourcingHandler
    void on(SubscriptionPurchaseRejected event) {
        subscriptionId = event.subscriptionId();
        rejected = true;
    }
}
