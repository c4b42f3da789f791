package com.cspmarket.subscription.subscription.web;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.Caller;
import com.cspmarket.subscription.catalog.query.PlanCatalog;
import com.cspmarket.subscription.subscription.query.SubscriptionProjection;
import com.cspmarket.subscription.subscription.query.SubscriptionView;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * What the next days' term ends will do to a partner's bill: each subscription whose term ends within {@code days}
 * (default 30), whether it renews and at which price (the catalog's price in force on the renewal day in its market,
 * as the renewal will take it), or why it expires instead. For billing admins as well as agents: it is a forecast of
 * charges, not a way to change subscriptions.
 */
@RestController
class UpcomingRenewalsController {

    /** One term end ahead. {@code expiresBecause} is set (and the new price absent) when it will not renew. */
    record UpcomingRenewal(String subscriptionId, String customerId, String offerId, String offerName, String skuId,
                           String market, String status, Instant renewsAt, int termNumber, int quantity,
                           int nextTermQuantity, BigDecimal currentUnitPrice, BigDecimal newUnitPrice,
                           BigDecimal nextTermTotal, String currency, String expiresBecause) {
    }

    record UpcomingRenewals(Instant from, Instant until, int totalCount, List<UpcomingRenewal> items) {
    }

    private final SubscriptionProjection subscriptions;
    private final PlanCatalog catalog;
    private final Clock clock;

    UpcomingRenewalsController(SubscriptionProjection subscriptions, PlanCatalog catalog, Clock clock) {
        this.subscriptions = subscriptions;
        this.catalog = catalog;
        this.clock = clock;
    }

    @GetMapping("/v1/subscriptions/renewals")
    UpcomingRenewals upcoming(@RequestParam(defaultValue = "30") int days,
                              @RequestParam(required = false) String partnerId) {
        if (days < 1 || days > 366) {
            throw new BusinessException("invalid-request", HttpStatus.BAD_REQUEST, "days must be between 1 and 366");
        }
        String partner = Caller.partnerFor(partnerId);
        Instant now = clock.instant();
        Instant until = now.plus(Duration.ofDays(days));
        List<UpcomingRenewal> items = subscriptions.termEndingBetween(partner, now, until).stream()
                .map(this::forecast).toList();
        return new UpcomingRenewals(now, until, items.size(), items);
    }

    /** The same decision the term end will take (see TermEndScheduler and Subscription's EndTerm handler). */
    private UpcomingRenewal forecast(SubscriptionView s) {
        int nextQuantity = s.scheduledQuantity() != null ? s.scheduledQuantity() : s.quantity();
        String reason = s.cancellationScheduledFor() != null ? "CANCELLED_AT_TERM_END"
                : !s.autoRenewEnabled() ? "AUTO_RENEW_OFF"
                : "suspended".equals(s.status()) ? "SUSPENDED"
                : null;
        Optional<PlanCatalog.Plan> plan = catalog.plan(s.offerId(), s.skuId());
        if (reason == null && plan.isPresent() && plan.get().withdrawn()) {
            reason = "OFFER_WITHDRAWN";
        }
        Optional<PlanCatalog.PlanPrice> price = reason != null || s.market() == null ? Optional.empty()
                : catalog.priceOn(s.offerId(), s.skuId(), s.market(), LocalDate.ofInstant(s.commitmentEndDate(), ZoneOffset.UTC));
        if (reason == null && plan.isPresent() && price.isEmpty()) {
            reason = "NO_CURRENT_PRICE";
        }
        BigDecimal newPrice = price.map(PlanCatalog.PlanPrice::unitPrice).orElse(null);
        return new UpcomingRenewal(s.id(), s.customerId(), s.offerId(), s.offerName(), s.skuId(), s.market(), s.status(),
                s.commitmentEndDate(), s.termNumber(), s.quantity(), nextQuantity, s.unitPrice(), newPrice,
                newPrice == null ? null : newPrice.multiply(BigDecimal.valueOf(nextQuantity)),
                price.map(PlanCatalog.PlanPrice::currency).orElse(s.currency()), reason);
    }
}
