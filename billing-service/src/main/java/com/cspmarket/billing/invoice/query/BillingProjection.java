package com.cspmarket.billing.invoice.query;

import com.cspmarket.billing.charge.api.ChargeRecorded;
import com.cspmarket.billing.charge.api.PurchaseRecorded;
import com.cspmarket.billing.invoice.api.InvoiceIssued;
import com.cspmarket.billing.invoice.api.InvoiceReleased;
import com.cspmarket.kit.ProjectedTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Charge lines and invoices in one processor: an invoice takes exactly the uninvoiced charges recorded before
 * it in the event stream, so a replay rebuilds identical invoices. Every handler is idempotent.
 */
@Component
@ProcessingGroup("billing-projection")
class BillingProjection implements ProjectedTables {

    private final JdbcClient jdbc;

    BillingProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ChargeRecorded e, EventMessage<ChargeRecorded> message) {
        jdbc.sql("""
                        INSERT INTO charge_line (charge_id, subscription_id, partner_id, customer_id, order_id, offer_id,
                            offer_name, publisher_name, sku_id, charge_type, quantity, unit_price, amount, currency,
                            charge_start, charge_end, billing_period, source_event_ids, recorded_event_id, recorded_at,
                            reverses_charge_id, proration_days, proration_of_days, while_suspended)
                        VALUES (:id, :sub, :partner, :customer, :order, :offer, :offerName, :publisher, :sku, :type,
                            :quantity, :unitPrice, :amount, :currency, :start, :end, :period, :sources, :recordedBy, :at,
                            :reverses, :days, :ofDays, :whileSuspended)
                        ON CONFLICT (charge_id) DO NOTHING""")
                .param("id", e.chargeId()).param("sub", e.subscriptionId()).param("partner", e.partnerId())
                .param("customer", e.customerId()).param("order", e.orderId()).param("offer", e.offerId())
                .param("offerName", e.offerName()).param("publisher", e.publisherName()).param("sku", e.skuId())
                .param("type", e.chargeType().name()).param("quantity", e.quantity())
                .param("unitPrice", e.unitPrice().amount()).param("amount", e.amount().amount())
                .param("currency", e.amount().currency().getCurrencyCode())
                .param("start", e.chargeStart()).param("end", e.chargeEnd())
                .param("period", e.billingPeriod().toString())
                .param("sources", e.sourceEventIds().toArray(String[]::new))
                .param("recordedBy", message.getIdentifier())
                .param("at", OffsetDateTime.ofInstant(message.getTimestamp(), ZoneOffset.UTC))
                .param("reverses", e.reversesChargeId())
                .param("days", e.proration() == null ? null : (int) e.proration().days())
                .param("ofDays", e.proration() == null ? null : (int) e.proration().ofDays())
                .param("whileSuspended", Boolean.TRUE.equals(e.whileSuspended()))
                .update();
        advanceCycle(e);
    }

    /**
     * What the subscription's line items name (term, cycle, and the purchase details); a term billed monthly (longer
     * than a month, monthly cycle) gets a due row, others never have one.
     */
    @EventHandler
    void on(PurchaseRecorded e) {
        PurchaseRecorded.Details d = PurchaseRecorded.Details.of(e.details());
        jdbc.sql("""
                        INSERT INTO billed_purchase (subscription_id, term, billing_cycle, order_date, market, sku_name,
                            publisher_id, customer_name, customer_domain_name, friendly_name)
                        VALUES (:id, :term, :cycle, :orderDate, :market, :skuName, :publisherId, :customerName,
                            :customerDomain, :friendlyName)
                        ON CONFLICT (subscription_id) DO NOTHING""")
                .param("id", e.subscriptionId()).param("term", e.term()).param("cycle", e.billingCycle())
                .param("orderDate", d.orderDate() == null ? null
                        // PostgreSQL keeps microseconds and would round the rest: truncate, as the API shows it
                        : OffsetDateTime.ofInstant(d.orderDate().truncatedTo(java.time.temporal.ChronoUnit.MICROS), ZoneOffset.UTC))
                .param("market", d.market())
                .param("skuName", d.skuName())
                .param("publisherId", d.publisherId())
                .param("customerName", d.customerName())
                .param("customerDomain", d.customerDomainName())
                .param("friendlyName", d.friendlyName())
                .update();
        if (!"MONTHLY".equals(e.billingCycle()) || "P1M".equals(e.term())) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO billing_cycle_due (subscription_id, term_months) VALUES (:id, :months)
                        ON CONFLICT (subscription_id) DO NOTHING""")
                .param("id", e.subscriptionId()).param("months", (int) Period.parse(e.term()).toTotalMonths())
                .update();
    }

    /** The next month due moves with each first month of a term, each cycle charge, and stops at a credit. */
    private void advanceCycle(ChargeRecorded e) {
        switch (e.chargeType()) {
            case NEW, RENEW -> jdbc.sql("""
                            UPDATE billing_cycle_due SET term_start = :start, months_charged = 1,
                                next_month_start = CASE WHEN term_months > 1 THEN (CAST(:start AS date) + interval '1 month')::date END
                            WHERE subscription_id = :id AND (term_start IS NULL OR term_start < :start)""")
                    .param("id", e.subscriptionId()).param("start", e.chargeStart()).update();
            case CYCLE -> jdbc.sql("""
                            UPDATE billing_cycle_due SET months_charged = months_charged + 1,
                                next_month_start = CASE WHEN months_charged + 1 < term_months
                                    THEN (term_start + make_interval(months => months_charged + 1))::date END
                            WHERE subscription_id = :id AND next_month_start = :start""")
                    .param("id", e.subscriptionId()).param("start", e.chargeStart()).update();
            case CANCEL_CREDIT -> jdbc.sql("UPDATE billing_cycle_due SET next_month_start = NULL WHERE subscription_id = :id")
                    .param("id", e.subscriptionId()).update();
            case QUANTITY_CHANGE -> {
            }
        }
    }

    @EventHandler
    void on(InvoiceIssued e) {
        int inserted = jdbc.sql("""
                        INSERT INTO invoice (invoice_id, invoice_number, sequence, partner_id, currency, billing_period,
                            period_start, period_end, issued_at, release_at, total, line_count)
                        VALUES (:id, :number, :seq, :partner, :currency, :period, :start, :end, :issued, :release, 0, 0)
                        ON CONFLICT (invoice_id) DO NOTHING""")
                .param("id", e.invoiceId()).param("number", e.invoiceNumber()).param("seq", e.sequence())
                .param("partner", e.partnerId()).param("currency", e.currency())
                .param("period", e.period().toString())
                .param("start", e.period().atDay(1)).param("end", e.period().atEndOfMonth())
                .param("issued", OffsetDateTime.ofInstant(e.issuedAt(), ZoneOffset.UTC))
                .param("release", OffsetDateTime.ofInstant(e.releaseAt(), ZoneOffset.UTC))
                .update();
        if (inserted == 0) {
            return;
        }
        jdbc.sql("""
                        UPDATE charge_line SET invoice_id = :id
                        WHERE partner_id = :partner AND currency = :currency AND billing_period <= :period
                          AND invoice_id IS NULL""")
                .param("id", e.invoiceId()).param("partner", e.partnerId()).param("currency", e.currency())
                .param("period", e.period().toString())
                .update();
        jdbc.sql("""
                        UPDATE invoice SET total = t.total, line_count = t.lines
                        FROM (SELECT COALESCE(sum(amount), 0) AS total, count(*) AS lines
                              FROM charge_line WHERE invoice_id = :id) t
                        WHERE invoice_id = :id""")
                .param("id", e.invoiceId())
                .update();
    }

    @EventHandler
    void on(InvoiceReleased e) {
        jdbc.sql("UPDATE invoice SET released_at = :at WHERE invoice_id = :id AND released_at IS NULL")
                .param("at", OffsetDateTime.ofInstant(e.releasedAt(), ZoneOffset.UTC)).param("id", e.invoiceId())
                .update();
    }

    @Override
    public List<String> projectedTables() {
        return List.of("invoice", "charge_line", "billing_cycle_due", "billed_purchase");
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM invoice").update();
        jdbc.sql("DELETE FROM charge_line").update();
        jdbc.sql("DELETE FROM billing_cycle_due").update();
        jdbc.sql("DELETE FROM billed_purchase").update();
    }
}
