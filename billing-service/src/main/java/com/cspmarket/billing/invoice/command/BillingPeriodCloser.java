package com.cspmarket.billing.invoice.command;

import com.cspmarket.billing.invoice.api.BillingCalendar;
import com.cspmarket.billing.invoice.api.IssueInvoice;
import com.cspmarket.billing.invoice.api.ReleaseInvoice;
import com.cspmarket.billing.invoice.query.InvoiceReadModel;
import org.axonframework.commandhandling.gateway.CommandGateway;
import com.cspmarket.kit.Projections;
import com.cspmarket.kit.SchedulerLocks;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;

/**
 * Driven by the business clock: closes ended months into invoices and releases invoices on the 8th.
 * Safe to repeat after any restart: both commands are idempotent in the aggregate. One instance at a time runs it
 * (lock {@code billing.period-close}, held period by period and invoice by invoice). It acts only once every segment of
 * the billing projection it reads, on whichever instance, has handled everything recorded before the tick; idle while
 * the projection is starting or being rebuilt.
 */
@Component
class BillingPeriodCloser {

    private static final Logger log = LoggerFactory.getLogger(BillingPeriodCloser.class);

    /** How long a tick waits for the billing projection to reach what was recorded before it, before it lets go. */
    private static final java.time.Duration CAUGHT_UP_WAIT = java.time.Duration.ofSeconds(5);

    private final CommandGateway commands;
    private final InvoiceReadModel invoices;
    private final Clock clock;
    private final Projections projections;
    private final SchedulerLocks locks;

    BillingPeriodCloser(CommandGateway commands, InvoiceReadModel invoices, Clock clock, Projections projections,
                        SchedulerLocks locks) {
        this.projections = projections;
        this.commands = commands;
        this.invoices = invoices;
        this.clock = clock;
        this.locks = locks;
    }

    @Scheduled(fixedDelayString = "${billing.closer.interval:PT1S}", initialDelayString = "${billing.closer.interval:PT1S}")
    @SchedulerLock(name = "billing.period-close")
    public void tick() {
        if (!projections.awaitCaughtUp("billing-projection", CAUGHT_UP_WAIT)) {
            // starting, being rebuilt, or a segment (here or on another instance) still behind: what the read model
            // says of invoices and charges is not the whole truth of what was recorded before this tick yet
            return;
        }
        Instant now = clock.instant();
        YearMonth lastClosed = BillingCalendar.lastClosedPeriod(now);
        for (InvoiceReadModel.PeriodToClose period : invoices.periodsToClose(lastClosed)) {
            locks.extend();
            try {
                commands.sendAndWait(new IssueInvoice(IssueInvoice.invoicingIdOf(period.partnerId()),
                        period.partnerId(), period.currency(), period.period(), now));
            } catch (RuntimeException e) {
                log.warn("closing {} {} {} failed, will retry: {}", period.partnerId(), period.currency(),
                        period.period(), e.toString());
            }
        }
        for (InvoiceReadModel.DueInvoice due : invoices.dueForRelease(now)) {
            locks.extend();
            try {
                commands.sendAndWait(new ReleaseInvoice(IssueInvoice.invoicingIdOf(due.partnerId()), due.invoiceId(),
                        now, due.total(), due.lineCount()));
            } catch (RuntimeException e) {
                log.warn("releasing invoice {} failed, will retry: {}", due.invoiceId(), e.toString());
            }
        }
    }
}
