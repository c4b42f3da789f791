package com.cspmarket.subscription.subscription.web;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.PartnerCenter;
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
import com.cspmarket.subscription.subscription.web.SubscriptionResources.SubscriptionPatch;
import com.cspmarket.subscription.subscription.web.SubscriptionResources.SubscriptionResource;
import jakarta.validation.Valid;
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
    PartnerCenter.Collection<SubscriptionResource> list(@PathVariable String customerId) {
        Instant now = clock.instant();
        return PartnerCenter.Collection.of(subscriptions.forCustomer(customerId).stream()
                .map(v -> SubscriptionResources.subscription(v, now)).toList(), "/customers/" + customerId + "/subscriptions");
    }

    /** The subscription now, or with {@code asOf} (an ISO instant) as it was then, folded from its own events. */
    @GetMapping("/{subscriptionId}")
    ResponseEntity<SubscriptionResource> get(@PathVariable String customerId, @PathVariable String subscriptionId,
                                             @RequestParam(required = false) Instant asOf) {
        SubscriptionView view = current(customerId, subscriptionId);
        if (asOf != null) {
            return ResponseEntity.ok(SubscriptionResources.subscription(history.asOf(view.id(), asOf)
                    .orElseThrow(() -> new BusinessException("subscription-not-yet", HttpStatus.NOT_FOUND,
                            "subscription " + subscriptionId + " did not exist at " + asOf)), asOf));
        }
        return ResponseEntity.ok().eTag(String.valueOf(view.version()))
                .body(SubscriptionResources.subscription(view, clock.instant()));
    }

    /** Partner Center's OrderLineItemActivationLink: the order line that bought the subscription, and its link. */
    record ActivationLink(int lineItemNumber, PartnerCenter.Link link) {
    }

    /** The customer's activation link (Partner Center's subscription activation links): opens the activation page. */
    @GetMapping("/{subscriptionId}/activationlinks")
    PartnerCenter.Collection<ActivationLink> activationLinks(@PathVariable String customerId,
                                                                               @PathVariable String subscriptionId) {
        SubscriptionView view = current(customerId, subscriptionId);
        List<ActivationLink> links = view.activationLink() == null ? List.of()
                : List.of(new ActivationLink(view.orderLineNumber(), PartnerCenter.Link.get(view.activationLink())));
        return PartnerCenter.Collection.of(links,
                "/customers/" + customerId + "/subscriptions/" + subscriptionId + "/activationlinks");
    }

    /** Every fact recorded about the subscription, oldest first, with its correlation and cause. */
    @GetMapping("/{subscriptionId}/history")
    Map<String, Object> history(@PathVariable String customerId, @PathVariable String subscriptionId) {
        List<SubscriptionHistory.Entry> items = history.history(current(customerId, subscriptionId).id());
        return Map.of("totalCount", items.size(), "items", items);
    }

    /**
     * Partner Center's PATCH: the whole resource as read, or a part of it. Only what differs from the subscription as
     * it is changes: {@code quantity} (more seats now, fewer at the renewal, within the plan's limits),
     * {@code autoRenewEnabled} (true also withdraws a cancellation scheduled for the term's end), {@code status}
     * {@code deleted} (cancel: refunded in full inside the window, otherwise at the term's end), {@code suspended}, or
     * {@code active} (reinstate a suspended subscription). Answers 200 with the subscription as it now is. The etag,
     * from If-Match or the body's {@code attributes.etag}, is optional and honoured.
     */
    @PatchMapping("/{subscriptionId}")
    @Transactional
    ResponseEntity<SubscriptionResource> patch(@PathVariable String customerId, @PathVariable String subscriptionId,
                                               @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                               @Valid @RequestBody SubscriptionPatch patch) {
        if (patch.autoRenewEnabled() == null && patch.status() == null && patch.quantity() == null
                && (patch.scheduledNextTermInstructions() == null || patch.scheduledNextTermInstructions().quantity() == null)) {
            throw new BusinessException("empty-patch", HttpStatus.BAD_REQUEST,
                    "nothing to change: give status, autoRenewEnabled or quantity");
        }
        SubscriptionView view = current(customerId, subscriptionId);
        SubscriptionId id = new SubscriptionId(view.id());
        Long expected = ETags.version(ifMatch != null ? ifMatch
                : patch.attributes() == null ? null : patch.attributes().etag());
        String status = patch.status() == null ? null : patch.status().toLowerCase(java.util.Locale.ROOT);
        String current = SubscriptionResources.status(view);
        if (status != null && !status.equals(current) && !List.of("deleted", "suspended", "active").contains(status)) {
            throw new BusinessException("unsupported-change", HttpStatus.CONFLICT,
                    "a subscription cannot be set to " + status + " (it is " + current + "); PATCH status deleted, "
                            + "suspended or active");
        }
        if (expected != null && expected != view.version()) {
            throw new BusinessException("stale-version", HttpStatus.PRECONDITION_FAILED, "subscription " + subscriptionId
                    + " changed since version " + expected + " (it is at " + view.version() + "); read it again");
        }
        Instant now = clock.instant();
        Integer quantity = quantityChange(view, patch);
        if (quantity != null) {
            PlanCatalog.Plan plan = catalog.plan(view.offerId(), view.skuId()).orElseThrow(() -> new BusinessException(
                    "plan-unknown", HttpStatus.CONFLICT, "the limits of plan " + view.offerId() + "/" + view.skuId()
                    + " are not known yet; try again shortly"));
            commands.sendAndWait(new ChangeQuantity(id, quantity, now, plan.minQuantity(),
                    plan.maxQuantity(), expected));
            expected = null; // checked once, against the state the client saw
        }
        if (patch.autoRenewEnabled() != null && patch.autoRenewEnabled() != SubscriptionResources.renews(view)) {
            if (patch.autoRenewEnabled() && view.cancellationScheduledFor() != null) {
                commands.sendAndWait(new UndoScheduledCancellation(id, now, expected));
                expected = null;
            }
            if (patch.autoRenewEnabled() != view.autoRenewEnabled()) {
                commands.sendAndWait(new ChangeAutoRenew(id, patch.autoRenewEnabled(), expected));
                expected = null;
            }
        }
        if (status != null && !status.equals(current)) {
            switch (status) {
                case "deleted" -> commands.sendAndWait(new CancelSubscription(id, now, expected));
                case "suspended" -> commands.sendAndWait(new SuspendSubscription(id, now, expected));
                default -> { // active
                    if (!"suspended".equals(current)) {
                        throw new BusinessException("unsupported-change", HttpStatus.CONFLICT, "subscription "
                                + subscriptionId + " is " + current + "; only a suspended subscription can be set "
                                + "active (a pending one becomes active when the customer activates it)");
                    }
                    commands.sendAndWait(new ReinstateSubscription(id, now, expected));
                }
            }
        }
        SubscriptionView changed = current(customerId, subscriptionId);
        return ResponseEntity.ok().eTag(String.valueOf(changed.version()))
                .body(SubscriptionResources.subscription(changed, now));
    }

    /**
     * The quantity to ask for, if the patch changes it: a {@code quantity} other than the current one (more seats now,
     * or fewer at the renewal); the current quantity while a decrease is scheduled, without the scheduled
     * instructions the subscription shows (withdraws the decrease); or a next term's quantity
     * ({@code scheduledNextTermInstructions.quantity}) below the current one that differs from the scheduled one.
     */
    private static Integer quantityChange(SubscriptionView view, SubscriptionPatch patch) {
        Integer wanted = patch.quantity();
        Integer next = patch.scheduledNextTermInstructions() == null ? null : patch.scheduledNextTermInstructions().quantity();
        if (wanted != null && wanted != view.quantity()) {
            return wanted;
        }
        boolean nextChanged = !java.util.Objects.equals(next, view.scheduledQuantity());
        if (nextChanged && next != null && next < view.quantity()) {
            return next; // schedule (or move) a decrease
        }
        if (nextChanged && wanted != null && view.scheduledQuantity() != null) {
            return view.quantity(); // the current quantity without the scheduled decrease: withdraw it
        }
        return null;
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
