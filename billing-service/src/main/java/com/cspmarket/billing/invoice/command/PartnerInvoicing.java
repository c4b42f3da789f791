package com.cspmarket.billing.invoice.command;

import com.cspmarket.billing.invoice.api.BillingCalendar;
import com.cspmarket.billing.invoice.api.InvoiceIssued;
import com.cspmarket.billing.invoice.api.InvoiceReleased;
import com.cspmarket.billing.invoice.api.IssueInvoice;
import com.cspmarket.billing.invoice.api.ReleaseInvoice;
import com.cspmarket.kit.BusinessException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.http.HttpStatus;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A partner's invoices: one per currency per closed calendar month, numbered without gaps, released on the 8th.
 */
@Aggregate
public class PartnerInvoicing {

    private record Issued(String invoiceNumber, String partnerId, String currency, java.time.YearMonth period,
                          Instant releaseAt) {
    }

    @AggregateIdentifier
    private String invoicingId;
    private long lastSequence;
    private final Set<String> issuedPeriods = new HashSet<>();
    /** Per currency, the latest period invoiced: a partner's invoices in a currency only ever move forward in time. */
    private final Map<String, java.time.YearMonth> latestPeriod = new HashMap<>();
    private final Map<String, Issued> unreleased = new HashMap<>();

    protected PartnerInvoicing() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(IssueInvoice command) {
        if (command.now().isBefore(BillingCalendar.closesAt(command.period()))) {
            throw new BusinessException("period-still-open", HttpStatus.CONFLICT,
                    "billing period " + command.period() + " closes at " + BillingCalendar.closesAt(command.period()));
        }
        String key = command.currency() + "|" + command.period();
        if (issuedPeriods.contains(key)) {
            return; // already closed for this currency: closing is idempotent
        }
        java.time.YearMonth latest = latestPeriod.get(command.currency());
        if (latest != null && command.period().isBefore(latest)) {
            // an instance whose clock lags behind the month's end; an invoice holds the lines recorded before it up to
            // its period, so one issued after a later month's would take lines that one holds (V9): the late charges
            // wait for the next month's invoice
            throw new BusinessException("period-before-latest-invoice", HttpStatus.CONFLICT, "billing period "
                    + command.period() + " is before " + latest + ", already invoiced in " + command.currency());
        }
        long sequence = lastSequence + 1;
        String invoiceId = IssueInvoice.invoiceIdOf(command.partnerId(), command.currency(), command.period());
        apply(new InvoiceIssued(invoiceId, String.format("%s-%06d", command.partnerId(), sequence), sequence,
                command.partnerId(), command.currency(), command.period(), command.now(),
                BillingCalendar.releasedAt(command.period())));
    }

    @CommandHandler
    void handle(ReleaseInvoice command) {
        Issued issued = unreleased.get(command.invoiceId());
        if (issued == null) {
            return; // released already (or never issued here): nothing to do
        }
        if (command.now().isBefore(issued.releaseAt())) {
            throw new BusinessException("invoice-not-yet-released", HttpStatus.CONFLICT,
                    "invoice " + issued.invoiceNumber() + " is released at " + issued.releaseAt());
        }
        apply(new InvoiceReleased(command.invoiceId(), issued.invoiceNumber(), issued.partnerId(), issued.currency(),
                issued.period(), command.total(), command.lineItemCount(), command.now()));
    }

    @EventSourcingHandler
    void on(InvoiceIssued event) {
        invoicingId = IssueInvoice.invoicingIdOf(event.partnerId());
        lastSequence = event.sequence();
        issuedPeriods.add(event.currency() + "|" + event.period());
        latestPeriod.merge(event.currency(), event.period(), (a, b) -> a.isAfter(b) ? a : b);
        unreleased.put(event.invoiceId(), new Issued(event.invoiceNumber(), event.partnerId(), event.currency(),
                event.period(), event.releaseAt()));
    }

    @EventSourcingHandler
    void on(InvoiceReleased event) {
        unreleased.remove(event.invoiceId());
    }
}
