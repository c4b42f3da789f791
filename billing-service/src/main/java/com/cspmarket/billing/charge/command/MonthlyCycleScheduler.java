package com.cspmarket.billing.charge.command;

import com.cspmarket.billing.charge.api.ChargeDueCycles;
import com.cspmarket.billing.charge.query.DueCycles;
import com.cspmarket.kit.SchedulerLocks;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Driven by the business clock: charges each month of a term billed monthly once its first day (UTC) has come.
 * Stateless and safe to repeat: the aggregate charges a month once. One instance at a time runs it (lock
 * {@code billing.monthly-cycle}, held subscription by subscription).
 */
@Component
class MonthlyCycleScheduler {

    private static final Logger log = LoggerFactory.getLogger(MonthlyCycleScheduler.class);
    private static final int BATCH = 1000;

    private final CommandGateway commands;
    private final DueCycles due;
    private final Clock clock;
    private final SchedulerLocks locks;

    MonthlyCycleScheduler(CommandGateway commands, DueCycles due, Clock clock, SchedulerLocks locks) {
        this.commands = commands;
        this.due = due;
        this.clock = clock;
        this.locks = locks;
    }

    @Scheduled(fixedDelayString = "${billing.cycles.interval:PT1S}", initialDelayString = "${billing.cycles.interval:PT1S}")
    @SchedulerLock(name = "billing.monthly-cycle")
    public void tick() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (String subscriptionId : due.dueBy(today, BATCH)) {
            locks.extend();
            try {
                commands.sendAndWait(new ChargeDueCycles(subscriptionId, today));
            } catch (RuntimeException e) {
                log.warn("charging the due months of {} failed, will retry: {}", subscriptionId, e.toString());
            }
        }
    }
}
