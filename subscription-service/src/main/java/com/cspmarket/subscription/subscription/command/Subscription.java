package com.cspmarket.subscription.subscription.command;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.BusinessException;
import com.cspmarket.subscription.subscription.api.ActivateSubscription;
import com.cspmarket.subscription.subscription.api.AutoRenewChanged;
import com.cspmarket.subscription.subscription.api.BillingCycle;
import com.cspmarket.subscription.subscription.api.CancelSubscription;
import com.cspmarket.subscription.subscription.api.CancellationScheduled;
import com.cspmarket.subscription.subscription.api.ChangeAutoRenew;
import com.cspmarket.subscription.subscription.api.ReinstateSubscription;
import com.cspmarket.subscription.subscription.api.ScheduledCancellationUndone;
import com.cspmarket.subscription.subscription.api.SubscriptionReinstated;
import com.cspmarket.subscription.subscription.api.SubscriptionSuspended;
import com.cspmarket.subscription.subscription.api.SuspendSubscription;
import com.cspmarket.subscription.subscription.api.SubscriptionCancelled;
import com.cspmarket.subscription.subscription.api.UndoScheduledCancellation;
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

/**
 * A customer's subscription to a marketplace SaaS plan: every decision about it is an event. Purchased (pending),
 * activated by the customer (the term starts), cancellable with a full refund inside the window fixed at purchase,
 * otherwise cancelled at the end of the term (undoable until then); auto-renew on by default.
 */
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
    private Instant termEnd;
    private Instant cancellableUntil;
    private String cancellationPolicyVersion;
    private boolean cancelled;
    private Instant cancellationScheduledFor;
    private boolean autoRenew;
    private boolean suspended;

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
                command.activationLink(), command.activationToken(), command.market(), command.cancellableUntil(),
                command.cancellationPolicyVersion()));
    }

    /**
     * Inside the cancellation window (strictly before {@code cancellableUntil}) the subscription ends now with a full
     * refund; after it, the cancellation is scheduled for the end of the term. Cancelling again changes nothing.
     */
    @CommandHandler
    void handle(CancelSubscription command) {
        requireExists();
        if (cancelled || cancellationScheduledFor != null) {
            return;
        }
        if (cancellableUntil != null && command.now().isBefore(cancellableUntil)) {
            apply(new SubscriptionCancelled(subscriptionId, command.now(), SubscriptionCancelled.FULL_REFUND,
                    cancellationPolicyVersion));
        } else {
            apply(new CancellationScheduled(subscriptionId, command.now(), termEnd));
        }
    }

    @CommandHandler
    void handle(UndoScheduledCancellation command) {
        requireExists();
        if (cancellationScheduledFor == null || !command.now().isBefore(cancellationScheduledFor)) {
            throw new BusinessException("no-scheduled-cancellation", HttpStatus.CONFLICT,
                    "subscription " + subscriptionId + " has no cancellation that is still to take effect");
        }
        apply(new ScheduledCancellationUndone(subscriptionId, command.now()));
    }

    @CommandHandler
    void handle(ChangeAutoRenew command) {
        requireExists();
        if (cancelled) {
            throw new BusinessException("subscription-cancelled", HttpStatus.CONFLICT,
                    "subscription " + subscriptionId + " was cancelled");
        }
        if (command.enabled() != autoRenew) {
            apply(new AutoRenewChanged(subscriptionId, command.enabled()));
        }
    }

    @CommandHandler
    void handle(SuspendSubscription command) {
        requireExists();
        if (cancelled) {
            throw new BusinessException("subscription-cancelled", HttpStatus.CONFLICT,
                    "subscription " + subscriptionId + " was cancelled");
        }
        if (!suspended) {
            apply(new SubscriptionSuspended(subscriptionId, command.now()));
        }
    }

    @CommandHandler
    void handle(ReinstateSubscription command) {
        requireExists();
        if (suspended) {
            apply(new SubscriptionReinstated(subscriptionId, command.now(), activated));
        }
    }

    private void requireExists() {
        if (rejected) {
            throw new BusinessException("subscription-not-found", HttpStatus.NOT_FOUND,
                    "subscription " + subscriptionId + " was never created (its purchase was rejected)");
        }
    }

    @CommandHandler
    void handle(ActivateSubscription command) {
        requireExists();
        if (cancelled) {
            throw new BusinessException("subscription-cancelled", HttpStatus.CONFLICT,
                    "subscription " + subscriptionId + " was cancelled before it was activated");
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
        termEnd = event.termEnd();
        cancellableUntil = event.cancellableUntil();
        cancellationPolicyVersion = event.cancellationPolicyVersion();
        autoRenew = true;
    }

    @EventSourcingHandler
    void on(SubscriptionActivated event) {
        activated = true;
        termEnd = event.termEnd();
    }

    @EventSourcingHandler
    void on(SubscriptionCancelled event) {
        cancelled = true;
    }

    @EventSourcingHandler
    void on(CancellationScheduled event) {
        cancellationScheduledFor = event.effectiveAt();
    }

    @EventSourcingHandler
    void on(ScheduledCancellationUndone event) {
        cancellationScheduledFor = null;
    }

    @EventSourcingHandler
    void on(SubscriptionSuspended event) {
        suspended = true;
    }

    @EventSourcingHandler
    void on(SubscriptionReinstated event) {
        suspended = false;
    }

    @EventSourcingHandler
    void on(AutoRenewChanged event) {
        autoRenew = event.autoRenewEnabled();
    }

    @EventSourcingHandler
    void on(SubscriptionPurchaseRejected event) {
        subscriptionId = event.subscriptionId();
        rejected = true;
    }
}
