package com.cspmarket.subscription.subscription.renewal;

import com.cspmarket.kit.SchedulerLocks;
import com.cspmarket.subscription.catalog.query.PlanCatalog;
import com.cspmarket.subscription.subscription.api.EndTerm;
import com.cspmarket.subscription.subscription.api.ExpiryReason;
import com.cspmarket.subscription.subscription.api.Money;
import com.cspmarket.subscription.subscription.api.SubscriptionId;
import com.cspmarket.subscription.subscription.policy.CancellationPolicy;
import com.cspmarket.subscription.subscription.query.SubscriptionProjection;
import com.cspmarket.subscription.subscription.query.SubscriptionView;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * Driven by the business clock: ends every term that is over. It keeps no state of its own (the due terms come
 * from the read model, the decisions from the aggregate, which ignores a term end it has seen), so it survives
 * restarts, passes from one instance to another, and catches up term after term when the clock jumps ahead. One
 * instance at a time runs it (lock {@code subscription.term-end}, held subscription by subscription).
 */
@Component
class TermEndScheduler {

    private static final Logger log = LoggerFactory.getLogger(TermEndScheduler.class);
    private static final int BATCH = 500;

    private final CommandGateway commands;
    private final SubscriptionProjection subscriptions;
    private final PlanCatalog catalog;
    private final CancellationPolicy cancellationPolicy;
    private final Clock clock;
    private final SchedulerLocks locks;

    TermEndScheduler(CommandGateway commands, SubscriptionProjection subscriptions, PlanCatalog catalog,
                     CancellationPolicy cancellationPolicy, Clock clock, SchedulerLocks locks) {
        this.commands = commands;
        this.subscriptions = subscriptions;
        this.catalog = catalog;
        this.cancellationPolicy = cancellationPolicy;
        this.clock = clock;
        this.locks = locks;
    }

    @Scheduled(fixedDelayString = "${subscription.renewals.interval:PT1S}",
            initialDelayString = "${subscription.renewals.interval:PT1S}")
    @SchedulerLock(name = "subscription.term-end")
    public void tick() {
        Instant now = clock.instant();
        List<SubscriptionView> page = subscriptions.termEnded(now, null, null, BATCH);
        while (!page.isEmpty()) {
            page.forEach(due -> {
                locks.extend();
                endTerms(due, now);
            });
            SubscriptionView last = page.get(page.size() - 1);
            page = page.size() < BATCH ? List.of()
                    : subscriptions.termEnded(now, last.commitmentEndDate(), last.id(), BATCH);
        }
    }

    /** Ends term after term until the subscription expires or its current term ends after {@code now}. */
    private void endTerms(SubscriptionView due, Instant now) {
        Instant termEnd = due.commitmentEndDate();
        try {
            while (termEnd != null && !termEnd.isAfter(now)) {
                termEnd = commands.sendAndWait(endTerm(due, termEnd, now));
            }
        } catch (RuntimeException e) {
            log.warn("ending the term of {} at {} failed, will retry: {}", due.id(), termEnd, e.toString());
        }
    }

    /**
     * The term end with the catalog's price on the renewal day in the subscription's market. Without a renewal
     * while the catalog read model does not know the plan yet: a lagging read model must never expire a
     * subscription that would renew, nor renew one at a guessed price.
     */
    EndTerm endTerm(SubscriptionView subscription, Instant termEnd, Instant now) {
        SubscriptionId id = new SubscriptionId(subscription.id());
        Optional<PlanCatalog.Plan> plan = catalog.plan(subscription.offerId(), subscription.skuId());
        if (plan.isEmpty()) {
            log.warn("plan {}/{} of {} not in the catalog read model yet; a renewal waits for it",
                    subscription.offerId(), subscription.skuId(), subscription.id());
            return new EndTerm(id, termEnd, now, null, null);
        }
        if (plan.get().withdrawn()) {
            return new EndTerm(id, termEnd, now, null, ExpiryReason.OFFER_WITHDRAWN);
        }
        LocalDate renewalDay = LocalDate.ofInstant(termEnd, ZoneOffset.UTC);
        Optional<PlanCatalog.PlanPrice> price = subscription.market() == null ? Optional.empty()
                : catalog.priceOn(subscription.offerId(), subscription.skuId(), subscription.market(), renewalDay);
        if (price.isEmpty()) {
            return new EndTerm(id, termEnd, now, null, ExpiryReason.NO_CURRENT_PRICE);
        }
        Optional<CancellationPolicy.Window> window = cancellationPolicy.windowFor(subscription.termDuration(),
                subscription.offerId(), subscription.market());
        Money unitPrice = new Money(price.get().unitPrice(), Currency.getInstance(price.get().currency()));
        return new EndTerm(id, termEnd, now, new EndTerm.Renewal(unitPrice,
                window.map(CancellationPolicy.Window::length).orElse(null),
                window.map(CancellationPolicy.Window::policyVersion).orElse(null)), null);
    }
}
