package com.cspmarket.subscription.subscription.command;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.subscription.subscription.api.ChangeQuantity;
import com.cspmarket.subscription.subscription.api.EndTerm;
import com.cspmarket.subscription.subscription.api.ExpiryReason;
import com.cspmarket.subscription.subscription.api.Money;
import com.cspmarket.subscription.subscription.api.QuantityDecreaseScheduled;
import com.cspmarket.subscription.subscription.api.QuantityIncreased;
import com.cspmarket.subscription.subscription.api.ScheduledQuantityDecreaseWithdrawn;
import com.cspmarket.subscription.subscription.api.SubscriptionExpired;
import com.cspmarket.subscription.subscription.api.SubscriptionRenewed;
import com.cspmarket.subscription.subscription.api.ActivateSubscription;
import com.cspmarket.subscription.subscription.api.AutoRenewChanged;
import com.cspmarket.subscription.subscription.api.BillingCycle;
import com.cspmarket.subscription.subscription.api.CancelSubscription;
import com.cspmarket.subscription.subscription.api.CancelUnactivated;
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
 * otherwise cancelled at the end of the term (undoable until then); auto-renew on by default. At the end of each term
 * it renews at the catalog's then-current price or expires; seats are added now and removed at the renewal.
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
    private Instant activationDeadline;
    private String cancellationPolicyVersion;
    private boolean cancelled;
    private Instant cancellationScheduledFor;
    private boolean autoRenew;
    private boolean suspended;
    private boolean expired;
    private Instant anchor;
    private Instant termStart;
    private int termNumber;
    private int quantity;
    private Integer scheduledQuantity;
    private Money unitPrice;

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
                command.cancellationPolicyVersion(), command.activationDeadline(), command.details()));
    }

    /**
     * Inside the cancellation window (strictly before {@code cancellableUntil}) the subscription ends now with a full
     * refund; after it, the cancellation is scheduled for the end of the term. Cancelling again changes nothing.
     */
    @CommandHandler
    void handle(CancelSubscription command) {
        requireExists();
        requireNotExpired();
        if (cancelled || cancellationScheduledFor != null) {
            return;
        }
        if (cancellableUntil != null && command.now().isBefore(cancellableUntil)) {
            apply(new SubscriptionCancelled(subscriptionId, command.now(), SubscriptionCancelled.FULL_REFUND,
                    cancellationPolicyVersion, SubscriptionCancelled.Reason.REQUESTED));
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
        requireNotExpired();
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
        requireNotExpired();
        if (cancelled) {
            throw new BusinessException("subscription-cancelled", HttpStatus.CONFLICT,
                    "subscription " + subscriptionId + " was cancelled");
        }
        if (!suspended) {
            apply(new SubscriptionSuspended(subscriptionId, command.now()));
            if (scheduledQuantity != null) { // Partner Center: suspending removes the scheduled changes
                apply(new ScheduledQuantityDecreaseWithdrawn(subscriptionId, quantity, command.now(),
                        ScheduledQuantityDecreaseWithdrawn.Reason.SUSPENDED));
            }
        }
    }

    @CommandHandler
    void handle(ReinstateSubscription command) {
        requireExists();
        if (suspended) {
            apply(new SubscriptionReinstated(subscriptionId, command.now(), activated));
        }
    }

    /**
     * The end of the current term: expire when a cancellation was scheduled, auto-renew is off, the subscription is
     * suspended or the plan cannot be sold any more; otherwise renew, anniversary kept, at the given price and with
     * a scheduled decrease applied. Any other term end (a stale or repeated tick) changes nothing.
     *
     * @return the end of the new term, or null when nothing renewed
     */
    @CommandHandler
    Instant handle(EndTerm command) {
        requireExists();
        if (!activated || cancelled || expired || !command.termEnd().equals(termEnd) || command.now().isBefore(termEnd)) {
            return null;
        }
        ExpiryReason reason = cancellationScheduledFor != null ? ExpiryReason.CANCELLED_AT_TERM_END
                : !autoRenew ? ExpiryReason.AUTO_RENEW_OFF
                : suspended ? ExpiryReason.SUSPENDED
                : command.renewal() == null ? command.notRenewableReason()
                : null;
        if (reason != null) {
            apply(new SubscriptionExpired(subscriptionId, termEnd, reason, command.now()));
            return null;
        }
        if (command.renewal() == null) {
            return null; // the catalog is not known yet: the renewal waits, it never expires for want of data
        }
        EndTerm.Renewal renewal = command.renewal();
        Instant newEnd = term.endOfTerm(anchor, termNumber + 1);
        apply(new SubscriptionRenewed(subscriptionId, termNumber + 1, termEnd, newEnd,
                scheduledQuantity == null ? quantity : scheduledQuantity, quantity, renewal.unitPrice(), unitPrice,
                command.now(), renewal.cancellationWindow() == null ? null : termEnd.plus(renewal.cancellationWindow()),
                renewal.cancellationPolicyVersion()));
        return newEnd;
    }

    /**
     * More seats take effect now (charged pro rata to the term end); fewer seats wait for the renewal, so the
     * current term stays paid as bought. Both within the SKU's limits, on an active subscription only.
     */
    @CommandHandler
    void handle(ChangeQuantity command) {
        requireExists();
        requireNotExpired();
        if (cancelled) {
            throw new BusinessException("subscription-cancelled", HttpStatus.CONFLICT,
                    "subscription " + subscriptionId + " was cancelled");
        }
        if (!activated || suspended) {
            throw new BusinessException("subscription-not-active", HttpStatus.CONFLICT,
                    "the quantity of subscription " + subscriptionId + " changes only while it is active");
        }
        int wanted = command.quantity();
        if (wanted < command.minQuantity() || wanted > command.maxQuantity()) {
            throw new BusinessException("quantity-out-of-range", HttpStatus.UNPROCESSABLE_ENTITY,
                    "quantity must be between " + command.minQuantity() + " and " + command.maxQuantity()
                            + " for this plan, was " + wanted);
        }
        if (wanted > quantity) {
            if (scheduledQuantity != null) { // the added seats replace the decrease that was waiting for the renewal
                apply(new ScheduledQuantityDecreaseWithdrawn(subscriptionId, quantity, command.now(),
                        ScheduledQuantityDecreaseWithdrawn.Reason.QUANTITY_INCREASED));
            }
            apply(new QuantityIncreased(subscriptionId, quantity, wanted, command.now(), termStart, termEnd, unitPrice));
        } else if (wanted < quantity) {
            if (scheduledQuantity == null || scheduledQuantity != wanted) {
                apply(new QuantityDecreaseScheduled(subscriptionId, quantity, wanted, command.now(), termEnd));
            }
        } else if (scheduledQuantity != null) {
            apply(new ScheduledQuantityDecreaseWithdrawn(subscriptionId, quantity, command.now(),
                    ScheduledQuantityDecreaseWithdrawn.Reason.REQUESTED));
        }
    }

    /**
     * A subscription still waiting for its customer when its activation deadline has passed is cancelled, with
     * nothing charged (billing starts at activation) and so nothing refunded. Anything else (activated, cancelled,
     * a deadline not yet reached, a copy of the command) changes nothing.
     */
    @CommandHandler
    void handle(CancelUnactivated command) {
        if (rejected || activated || cancelled || expired || activationDeadline == null
                || command.now().isBefore(activationDeadline)) {
            return;
        }
        apply(new SubscriptionCancelled(subscriptionId, command.now(), SubscriptionCancelled.NO_REFUND,
                cancellationPolicyVersion, SubscriptionCancelled.Reason.ACTIVATION_DEADLINE_PASSED));
    }

    private void requireNotExpired() {
        if (expired) {
            throw new BusinessException("subscription-expired", HttpStatus.CONFLICT,
                    "subscription " + subscriptionId + " expired at " + termEnd);
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
        activationDeadline = event.activationDeadline();
        autoRenew = true;
        quantity = event.quantity();
        unitPrice = event.unitPrice();
    }

    @EventSourcingHandler
    void on(SubscriptionActivated event) {
        activated = true;
        anchor = event.termStart();
        termStart = event.termStart();
        termNumber = 1;
        termEnd = event.termEnd();
    }

    @EventSourcingHandler
    void on(SubscriptionRenewed event) {
        termNumber = event.termNumber();
        termStart = event.termStart();
        termEnd = event.termEnd();
        quantity = event.quantity();
        scheduledQuantity = null;
        unitPrice = event.unitPrice();
        cancellableUntil = event.cancellableUntil();
        cancellationPolicyVersion = event.cancellationPolicyVersion();
    }

    @EventSourcingHandler
    void on(SubscriptionExpired event) {
        expired = true;
    }

    @EventSourcingHandler
    void on(QuantityIncreased event) {
        quantity = event.toQuantity();
        scheduledQuantity = null;
    }

    @EventSourcingHandler
    void on(QuantityDecreaseScheduled event) {
        scheduledQuantity = event.toQuantity();
    }

    @EventSourcingHandler
    void on(ScheduledQuantityDecreaseWithdrawn event) {
        scheduledQuantity = null;
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
