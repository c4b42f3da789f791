package com.cspmarket.subscription.subscription.web;

import com.cspmarket.kit.PartnerCenter.Attributes;
import com.cspmarket.kit.PartnerCenter.Link;
import com.cspmarket.subscription.subscription.query.SubscriptionView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Partner Center's Subscription resource, read from a {@link SubscriptionView}: {@code status} {@code pending} until
 * the customer activates it, {@code active}, {@code suspended}, {@code deleted} once cancelled, {@code expired} after
 * a term that did not renew; {@code offerId} is the catalog item bought ({@code productId:skuId:availabilityId});
 * {@code refundOptions} holds the full refund while the cancellation window is open and
 * {@code cancellationAllowedUntilDate} its end; {@code autoRenewEnabled} says whether the subscription will renew
 * (false while a cancellation is scheduled for the term's end); {@code scheduledNextTermInstructions} carries a
 * quantity decrease that takes effect at the renewal. What Partner Center has no field for (the price of the term,
 * the activation deadline, a scheduled cancellation, why it ended) is in {@code platform}, the platform's extension.
 */
final class SubscriptionResources {

    private SubscriptionResources() {
    }

    record ProductType(String id, String displayName) {
    }

    record RefundOption(String type, Instant expiresAt) {
    }

    record NextTermProduct(String productId, String skuId, String availabilityId, String billingCycle,
                           String termDuration) {
    }

    record ScheduledNextTermInstructions(NextTermProduct product, int quantity) {
    }

    /** The platform's extension: facts Partner Center's resource has no field for. */
    record Platform(BigDecimal unitPrice, String currency, int termNumber, Instant activationDeadline,
                    Instant cancellationScheduledFor, Instant cancelledAt, String cancellationReason,
                    String cancellationPolicyVersion, Instant expiredAt, String expiryReason, String customerId) {
    }

    record SubscriptionResource(String id, String offerId, String offerName, String friendlyName,
                                ProductType productType, int quantity, String unitType, Instant creationDate,
                                Instant effectiveStartDate, Instant commitmentEndDate,
                                Instant cancellationAllowedUntilDate, String status, boolean autoRenewEnabled,
                                String billingType, String billingCycle, String termDuration,
                                List<RefundOption> refundOptions, boolean isTrial, boolean isMicrosoftProduct,
                                boolean hasPurchasableAddons, String partnerId, String publisherName, String orderId, String contractType,
                                List<String> actions, ScheduledNextTermInstructions scheduledNextTermInstructions,
                                Platform platform, Map<String, Link> links, Attributes attributes) {
    }

    record AttributesRequest(@Size(max = 20) String etag) {
    }

    /**
     * Partner Center's PATCH body: the whole resource as read, or only the fields to change. Of what the client sends,
     * only {@code status}, {@code autoRenewEnabled}, {@code quantity} and the quantity of
     * {@code scheduledNextTermInstructions} can change; each is applied only where it differs from the subscription as
     * it is. {@code attributes.etag} is honoured like If-Match.
     */
    record SubscriptionPatch(@Pattern(regexp = "(?i)none|pending|active|suspended|deleted|expired|disabled",
            message = "must be a Partner Center subscription status: active, suspended or deleted to change it")
                             String status,
                             Boolean autoRenewEnabled,
                             @Max(1_000_000) Integer quantity,
                             @Valid NextTermRequest scheduledNextTermInstructions,
                             @Valid AttributesRequest attributes) {
    }

    record NextTermRequest(@Max(1_000_000) Integer quantity) {
    }

    /** Partner Center's spelling of the subscription's status. */
    static String status(SubscriptionView view) {
        return "cancelled".equals(view.status()) ? "deleted" : view.status();
    }

    /** Whether the subscription renews at the end of its term. */
    static boolean renews(SubscriptionView view) {
        return view.autoRenewEnabled() && view.cancellationScheduledFor() == null;
    }

    static SubscriptionResource subscription(SubscriptionView v, Instant now) {
        String status = status(v);
        boolean ended = status.equals("deleted") || status.equals("expired");
        boolean refundable = !ended && v.cancellationWindowEndsAt() != null && now.isBefore(v.cancellationWindowEndsAt());
        String cycle = v.billingCycle().toLowerCase(Locale.ROOT);
        String product = "/products/" + v.offerId();
        String country = "?country=" + v.market();
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("product", Link.get(product + country));
        links.put("sku", Link.get(product + "/skus/" + v.skuId() + country));
        links.put("availability", Link.get(product + "/skus/" + v.skuId() + "/availabilities/" + v.market() + country));
        String self = "/customers/" + v.customerId() + "/subscriptions/" + v.id();
        if (v.activationLink() != null) {
            links.put("activationLinks", Link.get(self + "/activationlinks"));
        }
        links.put("self", Link.get(self));
        ScheduledNextTermInstructions next = v.scheduledQuantity() == null || ended ? null
                : new ScheduledNextTermInstructions(new NextTermProduct(v.offerId(), v.skuId(), v.market(), cycle,
                v.termDuration()), v.scheduledQuantity());
        return new SubscriptionResource(v.id(), v.offerId() + ":" + v.skuId() + ":" + v.market(), v.offerName(),
                v.offerName(), new ProductType("SaaS", "SaaS"), v.quantity(), "Licenses", v.creationDate(),
                v.commitmentStartDate(), v.commitmentEndDate(), ended ? null : v.cancellationWindowEndsAt(), status,
                renews(v), "license", cycle, v.termDuration(),
                refundable ? List.of(new RefundOption("Full", v.cancellationWindowEndsAt())) : List.of(),
                false, false, false, v.partnerId(), v.publisherName(), v.orderId(), "subscription",
                ended ? List.of() : List.of("edit", "cancel"), next,
                new Platform(v.unitPrice(), v.currency(), v.termNumber(), v.activationDeadline(),
                        v.cancellationScheduledFor(), v.cancelledAt(), v.cancellationReason(),
                        v.cancellationPolicyVersion(), v.expiredAt(), v.expiryReason(), v.customerId()),
                links, Attributes.versioned("Subscription", v.version()));
    }
}
