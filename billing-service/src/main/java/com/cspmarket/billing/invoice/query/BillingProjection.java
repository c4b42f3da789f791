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

import java.sql.Types;
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

    /** A charge line's INSERT also writes open_charge (V9's trigger over the statement's new rows). */
    private static final Set<String> CHARGE_LINE = Set.of("charge_line", "open_charge");
    private static final Set<String> CYCLE_DUE = Set.of("billing_cycle_due");
    private static final Set<String> BILLED_PURCHASE = Set.of("billed_purchase");
    private static final Set<String> INVOICE = Set.of("invoice");

    private final JdbcClient jdbc;
    private final BatchedWrites writes;

    BillingProjection(JdbcClient jdbc, BatchedWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(ChargeRecorded e, EventMessage<ChargeRecorded> message) {
        writes.queue(CHARGE_LINE, """
                        INSERT INTO charge_line (charge_id, subscription_id, partner_id, customer_id, order_id, offer_id,
                            offer_name, publisher_name, sku_id, charge_type, quantity, unit_price, amount, currency,
                            charge_start, charge_end, billing_period, source_event_ids, recorded_event_id, recorded_at,
                            reverses_charge_id, proration_days, proration_of_days, while_suspended)
                        VALUES (:id, :sub, :partner, :customer, :order, :offer, :offerName, :publisher, :sku, :type,
                            :quantity, :unitPrice, :amount, :currency, :start, :end, :period, :sources, :recordedBy, :at,
                            :reverses, :days, :ofDays, :whileSuspended)
                        ON CONFLICT (charge_id) DO NOTHING""", new MapSqlParameterSource()
                .addValue("id", e.chargeId()).addValue("sub", e.subscriptionId()).addValue("partner", e.partnerId())
                .addValue("customer", e.customerId()).addValue("order", e.orderId()).addValue("offer", e.offerId())
                .addValue("offerName", e.offerName()).addValue("publisher", e.publisherName()).addValue("sku", e.skuId())
                .addValue("type", e.chargeType().name()).addValue("quantity", e.quantity())
                .addValue("unitPrice", e.unitPrice().amount()).addValue("amount", e.amount().amount())
                .addValue("currency", e.amount().currency().getCurrencyCode())
                .addValue("start", e.chargeStart()).addValue("end", e.chargeEnd())
                .addValue("period", e.billingPeriod().toString())
                .addValue("sources", e.sourceEventIds().toArray(String[]::new))
                .addValue("recordedBy", message.getIdentifier())
                .addValue("at", OffsetDateTime.ofInstant(message.getTimestamp(), ZoneOffset.UTC))
                .addValue("reverses", e.reversesChargeId(), Types.VARCHAR)
                .addValue("days", e.proration() == null ? null : (int) e.proration().days(), Types.INTEGER)
                .addValue("ofDays", e.proration() == null ? null : (int) e.proration().ofDays(), Types.INTEGER)
                .addValue("whileSuspended", Boolean.TRUE.equals(e.whileSuspended())));
        advanceCycle(e);
    }

    /**
     * What the subscription's line items name (term, cycle, and the purchase details); a term billed monthly (longer
     * than a month, monthly cycle) gets a due row, others never have one.
     */
    @EventHandler
    void on(PurchaseRecorded e) {
        PurchaseRecorded.Details d = PurchaseRecorded.Details.of(e.details());
        writes.queue(BILLED_PURCHASE, """
                        INSERT INTO billed_purchase (subscription_id, term, billing_cycle, order_date, market, sku_name,
                            publisher_id, customer_name, customer_domain_name, friendly_name)
                        VALUES (:id, :term, :cycle, :orderDate, :market, :skuName, :publisherId, :customerName,
                            :customerDomain, :friendlyName)
                        ON CONFLICT (subscription_id) DO NOTHING""", new MapSqlParameterSource()
                .addValue("id", e.subscriptionId()).addValue("term", e.term()).addValue("cycle", e.billingCycle())
                .addValue("orderDate", d.orderDate() == null ? null
                        // PostgreSQL keeps microseconds and would round the rest: truncate, as the API shows it
                        : OffsetDateTime.ofInstant(d.orderDate().truncatedTo(java.time.temporal.ChronoUnit.MICROS), ZoneOffset.UTC),
                        Types.TIMESTAMP_WITH_TIMEZONE)
                .addValue("market", d.market(), Types.VARCHAR)
                .addValue("skuName", d.skuName(), Types.VARCHAR)
                .addValue("publisherId", d.publisherId(), Types.VARCHAR)
                .addValue("customerName", d.customerName(), Types.VARCHAR)
                .addValue("customerDomain", d.customerDomainName(), Types.VARCHAR)
                .addValue("friendlyName", d.friendlyName(), Types.VARCHAR));
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
