package com.cspmarket.billing.invoice.query;

import com.cspmarket.billing.charge.api.ChargeRecorded;
import com.cspmarket.billing.charge.api.PurchaseRecorded;
import com.cspmarket.billing.invoice.api.InvoiceIssued;
import com.cspmarket.billing.invoice.api.InvoiceReleased;
import com.cspmarket.kit.BatchedWrites;
import com.cspmarket.kit.ProjectedTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Charge lines and invoices in one processor: an invoice takes exactly the uninvoiced charges recorded before
 * it in the event stream, so a replay rebuilds identical invoices; it takes them by the position it records, without
 * writing a line (V9). Every handler is idempotent. The writes of a
 * batch of events are sent together when its transaction commits ({@link BatchedWrites}); an invoice sends the ones
 * before it first.
 */
@Component
@ProcessingGroup("billing-projection")
class BillingProjection implements ProjectedTables {

    private static final Set<String> CYCLE_DUE = Set.of("billing_cycle_due");
    private static final Set<String> INVOICE = Set.of("invoice");

    /** A charge line; its INSERT also writes open_charge (V9's trigger over the statement's new rows). */
    private static final BatchedWrites.Rows CHARGE_LINE_ROWS = BatchedWrites.Rows.into("charge_line",
            "ON CONFLICT (charge_id) DO NOTHING", "charge_id varchar", "subscription_id varchar", "partner_id varchar",
            "customer_id varchar", "order_id varchar", "offer_id varchar", "offer_name varchar",
            "publisher_name varchar", "sku_id varchar", "charge_type varchar", "quantity integer",
            "unit_price numeric", "amount numeric", "currency varchar", "charge_start date", "charge_end date",
            "billing_period varchar", "source_event_ids varchar[]", "recorded_event_id varchar",
            "recorded_at timestamptz", "reverses_charge_id varchar", "proration_days integer",
            "proration_of_days integer", "while_suspended boolean").alsoTouching("open_charge");
    private static final BatchedWrites.Rows BILLED_PURCHASE_ROWS = BatchedWrites.Rows.into("billed_purchase",
            "ON CONFLICT (subscription_id) DO NOTHING", "subscription_id varchar", "term varchar",
            "billing_cycle varchar", "order_date timestamptz", "market text", "sku_name text", "publisher_id text",
            "customer_name text", "customer_domain_name text", "friendly_name text");

    private final JdbcClient jdbc;
    private final BatchedWrites writes;

    BillingProjection(JdbcClient jdbc, BatchedWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(ChargeRecorded e, EventMessage<ChargeRecorded> message) {
        writes.queueRow(CHARGE_LINE_ROWS, e.chargeId(), e.subscriptionId(), e.partnerId(), e.customerId(), e.orderId(),
                e.offerId(), e.offerName(), e.publisherName(), e.skuId(), e.chargeType(), e.quantity(),
                e.unitPrice().amount(), e.amount().amount(), e.amount().currency().getCurrencyCode(), e.chargeStart(),
                e.chargeEnd(), e.billingPeriod().toString(), e.sourceEventIds(), message.getIdentifier(),
                message.getTimestamp(), e.reversesChargeId(), e.proration() == null ? null : (int) e.proration().days(),
                e.proration() == null ? null : (int) e.proration().ofDays(), Boolean.TRUE.equals(e.whileSuspended()));
        advanceCycle(e);
    }

    /**
     * What the subscription's line items name (term, cycle, and the purchase details); a term billed monthly (longer
     * than a month, monthly cycle) gets a due row, others never have one.
     */
    @EventHandler
    void on(PurchaseRecorded e) {
        PurchaseRecorded.Details d = PurchaseRecorded.Details.of(e.details());
        writes.queueRow(BILLED_PURCHASE_ROWS, e.subscriptionId(), e.term(), e.billingCycle(),
                // PostgreSQL keeps microseconds and would round the rest: truncate, as the API shows it
                d.orderDate() == null ? null : d.orderDate().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                d.market(), d.skuName(), d.publisherId(), d.customerName(), d.customerDomainName(), d.friendlyName());
        if (!"MONTHLY".equals(e.billingCycle()) || "P1M".equals(e.term())) {
            return;
        }
        writes.queue(CYCLE_DUE, """
                        INSERT INTO billing_cycle_due (subscription_id, term_months) VALUES (:id, :months)
                        ON CONFLICT (subscription_id) DO NOTHING""", new MapSqlParameterSource()
                .addValue("id", e.subscriptionId()).addValue("months", (int) Period.parse(e.term()).toTotalMonths()));
    }

    /** The next month due moves with each first month of a term, each cycle charge, and stops at a credit. */
    private void advanceCycle(ChargeRecorded e) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", e.subscriptionId()).addValue("start", e.chargeStart());
        switch (e.chargeType()) {
            case NEW, RENEW -> writes.queue(CYCLE_DUE, """
                    UPDATE billing_cycle_due SET term_start = :start, months_charged = 1,
                        next_month_start = CASE WHEN term_months > 1 THEN (CAST(:start AS date) + interval '1 month')::date END
                    WHERE subscription_id = :id AND (term_start IS NULL OR term_start < :start)""", params);
            case CYCLE -> writes.queue(CYCLE_DUE, """
                    UPDATE billing_cycle_due SET months_charged = months_charged + 1,
                        next_month_start = CASE WHEN months_charged + 1 < term_months
                            THEN (term_start + make_interval(months => months_charged + 1))::date END
                    WHERE subscription_id = :id AND next_month_start = :start""", params);
            case CANCEL_CREDIT -> writes.queue(CYCLE_DUE,
                    "UPDATE billing_cycle_due SET next_month_start = NULL WHERE subscription_id = :id", params);
            case QUANTITY_CHANGE -> {
            }
        }
    }

    /**
     * The invoice takes what is open (on no invoice) of its partner and currency up to its period: it deletes those
     * {@code open_charge} sums into its total and line count, and records the position it was issued at
     * ({@code upto_seq}) and its predecessor's, which say which lines it holds (V9). No line is written. Relies on
     * positions rising in the order the projection handles a partner's events (one segment per partner, a sequence
     * without a per-connection cache) and on a partner's invoice periods in a currency rising ({@code
     * PartnerInvoicing} refuses an earlier one).
     */
    @EventHandler
    void on(InvoiceIssued e) {
        writes.flush(); // the charge lines queued before it are the ones it takes
        jdbc.sql("""
                        WITH closed AS (
                            DELETE FROM open_charge
                            WHERE partner_id = :partner AND currency = :currency AND billing_period <= :period
                              AND NOT EXISTS (SELECT 1 FROM invoice WHERE invoice_id = :id)
                            RETURNING total, line_count)
                        INSERT INTO invoice (invoice_id, invoice_number, sequence, partner_id, currency, billing_period,
                            period_start, period_end, issued_at, release_at, total, line_count, upto_seq, after_period,
                            after_seq)
                        SELECT :id, :number, :seq, :partner, :currency, :period, :start, :end, :issued, :release,
                            (SELECT COALESCE(sum(total), 0) FROM closed), (SELECT COALESCE(sum(line_count), 0) FROM closed),
                            nextval('charge_line_seq'), previous.billing_period, previous.upto_seq
                        FROM (SELECT 1) one
                        LEFT JOIN LATERAL (SELECT billing_period, upto_seq FROM invoice
                                           WHERE partner_id = :partner AND currency = :currency
                                           ORDER BY billing_period DESC LIMIT 1) previous ON true
                        ON CONFLICT (invoice_id) DO NOTHING""")
                .param("id", e.invoiceId()).param("number", e.invoiceNumber()).param("seq", e.sequence())
                .param("partner", e.partnerId()).param("currency", e.currency())
                .param("period", e.period().toString())
                .param("start", e.period().atDay(1)).param("end", e.period().atEndOfMonth())
                .param("issued", OffsetDateTime.ofInstant(e.issuedAt(), ZoneOffset.UTC))
                .param("release", OffsetDateTime.ofInstant(e.releaseAt(), ZoneOffset.UTC))
                .update();
    }

    @EventHandler
    void on(InvoiceReleased e) {
        writes.queue(INVOICE, "UPDATE invoice SET released_at = :at WHERE invoice_id = :id AND released_at IS NULL",
                new MapSqlParameterSource("at", OffsetDateTime.ofInstant(e.releasedAt(), ZoneOffset.UTC))
                        .addValue("id", e.invoiceId()));
    }

    @Override
    public List<String> projectedTables() {
        return List.of("invoice", "charge_line", "open_charge", "billing_cycle_due", "billed_purchase");
    }

    /** The lines with the invoice each is on, and the invoices without the positions a replay numbers anew (V9). */
    @Override
    public List<String> digestedRelations() {
        return List.of("invoice_as_issued", "charge_line_on_invoice", "open_charge", "billing_cycle_due",
                "billed_purchase");
    }

    @ResetHandler
    void reset() {
        writes.flush();
        // TRUNCATE, not DELETE: a rebuild then writes into empty files, with no dead rows to skip and vacuum (its lock
        // makes readers wait for the reset's transaction, which commits at once)
        jdbc.sql("TRUNCATE invoice, charge_line, open_charge, billing_cycle_due, billed_purchase").update();
    }
}
