package com.cspmarket.subscription.subscription.activation;

import com.cspmarket.kit.SchedulerLocks;
import com.cspmarket.subscription.subscription.api.CancelUnactivated;
import com.cspmarket.subscription.subscription.api.SubscriptionId;
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
import java.util.List;

/**
 * Driven by the business clock: cancels every subscription still pending when its activation deadline has passed.
 * Stateless like the renewals: the candidates come from the read model, the decision from the aggregate (which
 * ignores a subscription activated meanwhile, or one it has cancelled already), so a lagging read model, a restart or
 * a second instance cannot cancel one twice or cancel an activated one. One instance at a time runs it (lock
 * {@code subscription.activation-deadline}, held subscription by subscription).
 */
@Component
class ActivationDeadlineScheduler {

    private static final Logger log = LoggerFactory.getLogger(ActivationDeadlineScheduler.class);
    private static final int BATCH = 500;

    private final CommandGateway commands;
    private final SubscriptionProjection subscriptions;
    private final Clock clock;
    private final SchedulerLocks locks;

    ActivationDeadlineScheduler(CommandGateway commands, SubscriptionProjection subscriptions, Clock clock,
                                SchedulerLocks locks) {
        this.commands = commands;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.locks = locks;
    }

    @Scheduled(fixedDelayString = "${subscription.renewals.interval:PT1S}",
            initialDelayString = "${subscription.renewals.interval:PT1S}")
    @SchedulerLock(name = "subscription.activation-deadline")
    public void tick() {
        Instant now = clock.instant();
        List<SubscriptionView> page = subscriptions.activationDeadlinePassed(now, null, null, BATCH);
        while (!page.isEmpty()) {
            for (SubscriptionView due : page) {
                locks.extend();
                try {
                    commands.sendAndWait(new CancelUnactivated(new SubscriptionId(due.id()), now));
                } catch (RuntimeException e) {
                    log.warn("cancelling unactivated {} failed, will retry: {}", due.id(), e.toString());
                }
            }
            SubscriptionView last = page.get(page.size() - 1);
            page = page.size() < BATCH ? List.of()
                    : subscriptions.activationDeadlinePassed(now, last.activationDeadline(), last.id(), BATCH);
        }
    }
}
