package com.cspmarket.subscription.subscription.web;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.Caller;
import com.cspmarket.kit.ETags;
import com.cspmarket.subscription.catalog.query.PlanCatalog;
import com.cspmarket.subscription.subscription.api.CancelSubscription;
import com.cspmarket.subscription.subscription.api.ChangeQuantity;
import com.cspmarket.subscription.subscription.api.ChangeAutoRenew;
import com.cspmarket.subscription.subscription.api.ReinstateSubscription;
import com.cspmarket.subscription.subscription.api.SubscriptionId;
import com.cspmarket.subscription.subscription.api.SuspendSubscription;
import com.cspmarket.subscription.subscription.api.UndoScheduledCancellation;
import com.cspmarket.subscription.subscription.query.SubscriptionHistory;
import com.cspmarket.subscription.subscription.query.SubscriptionProjection;
import com.cspmarket.subscription.subscription.query.SubscriptionView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Partner Center shaped: /v1/customers/{customerId}/subscriptions, PATCH with If-Match. */
@RestController
@RequestMapping("/v1/customers/{customerId}/subscriptions")
class SubscriptionController {

    /**
     * Partner Center's PATCH: {@code autoRenewEnabled} switches auto-renew; {@code status: "cancelled"} cancels
     * (refunded inside the window, otherwise at term end); {@code status: "suspended"} suspends; {@code status:
     * "active"} reinstates a suspended subscription or undoes a scheduled cancellation; {@code quantity} adds seats
     * now or removes them at the renewal, within the plan's limits.
     */
    record PatchSubscription(Boolean autoRenewEnabled, @Pattern(regexp = "cancelled|active|suspended") String status,
                             Integer quantity) {
    }

    private final SubscriptionProjection subscriptions;
    private final CommandGateway commands;
    private final Clock clock;
    private final SubscriptionHistory history;
    private final PlanCatalog catalog;

    SubscriptionController(SubscriptionProjection subscriptions, CommandGateway commands, Clock clock,
                           SubscriptionHistory history, PlanCatalog catalog) {
        this.catalog = catalog;
        this.history = history;
        this.subscriptions = subscriptions;
        this.commands = commands;
        this.clock = clock;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String customerId) {
        List<SubscriptionView> items = subscriptions.forCustomer(customerId);
        return Map.of("totalCount", items.size(), "items", items);
    }

    /** The subscription now, or with {@code asOf} (an ISO instant) as it was then, folded from its own events. */
    @GetMapping("/{subscriptionId}")
    ResponseEntity<SubscriptionView> get(@PathVariable String customerId, @PathVariable String subscriptionId,
                                         @RequestParam(required = false) Instant asOf) {
        SubscriptionView view = current(customerId, subscriptionId);
        if (asOf != null) {
            return ResponseEntity.ok(history.asOf(view.id(), asOf).orElseThrow(() -> new BusinessException(
                    "subscription-not-yet", HttpStatus.NOT_FOUND, "subscription " + subscriptionId + " did not exist at " + asOf)));
        }
        return ResponseEntity.ok().eTag(String.valueOf(view.version())).body(view);
    }

    /** Every fact recorded about the subscription, oldest first, with its correlation and cause. */
    @GetMapping("/{subscriptionId}/history")
    Map<String, Object> history(@PathVariable String customerId, @PathVariable String subscriptionId) {
        List<SubscriptionHistory.Entry> items = history.history(current(customerId, subscriptionId).id());
        return Map.of("totalCount", items.size(), "items", items);
    }

    @PatchMapping("/{subscriptionId}")
    @Transactional
    ResponseEntity<Void> patch(@PathVariable String customerId, @PathVariable String subscriptionId,
                               @RequestHeader(name = "If-Match", required = false) String ifMatch,
                               @Valid @RequestBody PatchSubscription patch) {
        if (patch.autoRenewEnabled() == null && patch.status() == null && patch.quantity() == null) {
            throw new BusinessException("empty-patch", HttpStatus.BAD_REQUEST,
                    "nothing to change: give autoRenewEnabled, status or quantity");
        }
        SubscriptionView view = current(customerId, subscriptionId);
        SubscriptionId id = new SubscriptionId(view.id());
        Long expected = ETags.version(ifMatch);
        if (patch.quantity() != null) {
            PlanCatalog.Plan plan = catalog.plan(view.offerId(), view.skuId()).orElseThrow(() -> new BusinessException(
                    "plan-unknown", HttpStatus.CONFLICT, "the limits of plan " + view.offerId() + "/" + view.skuId()
                    + " are not known yet; try again shortly"));
            commands.sendAndWait(new ChangeQuantity(id, patch.quantity(), clock.instant(), plan.minQuantity(),
                    plan.maxQuantity(), expected));
            expected = null;
        }
        if (patch.autoRenewEnabled() != null) {
            commands.sendAndWait(new ChangeAutoRenew(id, patch.autoRenewEnabled(), expected));
            expected = null; // checked once, against the state the client saw
        }
        if ("cancelled".equals(patch.status())) {
            commands.sendAndWait(new CancelSubscription(id, clock.instant(), expected));
        } else if ("suspended".equals(patch.status())) {
            commands.sendAndWait(new SuspendSubscription(id, clock.instant(), expected));
        } else if ("active".equals(patch.status()) && "suspended".equals(view.status())) {
            commands.sendAndWait(new ReinstateSubscription(id, clock.instant(), expected));
        } else if ("active".equals(patch.status()) && view.cancellationScheduledFor() != null) {
            commands.sendAndWait(new UndoScheduledCancellation(id, clock.instant(), expected));
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * The subscription as its own events say it is now (a purchase the read model has not caught up with is there
     * already), if it belongs to this customer and the caller may act for its partner; else 404, as if it did not
     * exist.
     */
    private SubscriptionView current(String customerId, String subscriptionId) {
        try {
            new SubscriptionId(subscriptionId);
        } catch (IllegalArgumentException notAnId) {
            throw BusinessException.notFound("subscription", subscriptionId);
        }
        return history.current(subscriptionId)
                .filter(view -> view.customerId().equals(customerId))
                .filter(view -> Caller.current().map(caller -> caller.mayActFor(view.partnerId())).orElse(false))
                .orElseThrow(() -> BusinessException.notFound("subscription", subscriptionId));
    }
}
