package com.cspmarket.billing.invoice.query;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

@Component
public class InvoiceReadModel {

    /** A partner's charges in one currency waiting for {@code period} to be closed into an invoice. */
    public record PeriodToClose(String partnerId, String currency, YearMonth period) {
    }

    /** An issued invoice whose release time has come. */
    public record DueInvoice(String invoiceId, String partnerId, BigDecimal total, int lineCount) {
    }

    private static final String INVOICE_COLUMNS = """
            invoice_id, invoice_number, partner_id, released_at, period_start, period_end, total, currency, line_count""";

    private final JdbcClient jdbc;

    InvoiceReadModel(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every closed month (up to {@code lastClosed}) with charges on no invoice yet, per partner and currency, oldest
     * first: each month gets its own invoice, also when the clock passed several month ends at once. A late charge (its
     * month, or a later one, is invoiced already) waits for the partner's next invoice: that of {@code lastClosed} if
     * it has none yet, else the next month's.
     */
    public List<PeriodToClose> periodsToClose(YearMonth lastClosed) {
        return jdbc.sql("""
                        SELECT partner_id, currency, period FROM (
                            SELECT DISTINCT o.partner_id, o.currency,
                                   CASE WHEN EXISTS (SELECT 1 FROM invoice i WHERE i.partner_id = o.partner_id
                                                     AND i.currency = o.currency AND i.billing_period >= o.billing_period)
                                        THEN :period ELSE o.billing_period END AS period
                            FROM open_charge o
                            WHERE o.billing_period <= :period) due
                        WHERE NOT EXISTS (SELECT 1 FROM invoice i WHERE i.partner_id = due.partner_id
                                          AND i.currency = due.currency AND i.billing_period = due.period)
                        ORDER BY period, partner_id, currency""")
                .param("period", lastClosed.toString())
                .query((rs, n) -> new PeriodToClose(rs.getString(1), rs.getString(2), YearMonth.parse(rs.getString(3))))
                .list();
    }

    public List<DueInvoice> dueForRelease(Instant now) {
        return jdbc.sql("""
                        SELECT invoice_id, partner_id, total, line_count FROM invoice
                        WHERE released_at IS NULL AND release_at <= :now ORDER BY partner_id, sequence""")
                .param("now", OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
                .query((rs, n) -> new DueInvoice(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getInt(4)))
                .list();
    }

    public List<InvoiceView> releasedFor(String partnerId) {
        return jdbc.sql("SELECT " + INVOICE_COLUMNS + " FROM invoice WHERE partner_id = :p AND released_at IS NOT NULL ORDER BY sequence")
                .param("p", partnerId)
                .query((rs, n) -> invoice(rs))
                .list();
    }

    /** A partner's invoices closed but not yet released: number, period, currency and the instant they are released. */
    public List<IssuedInvoice> issuedFor(String partnerId) {
        return jdbc.sql("""
                        SELECT invoice_number, billing_period, period_start, period_end, currency, release_at FROM invoice
                        WHERE partner_id = :p AND released_at IS NULL ORDER BY sequence""")
                .param("p", partnerId)
                .query((rs, n) -> new IssuedInvoice(rs.getString(1), rs.getString(2),
                        rs.getObject(3, java.time.LocalDate.class), rs.getObject(4, java.time.LocalDate.class),
                        rs.getString(5), "issued", rs.getObject(6, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** The partner an invoice (released or not) is for, by its number (the public id). */
    public Optional<String> partnerOf(String invoiceNumber) {
        return jdbc.sql("SELECT partner_id FROM invoice WHERE invoice_number = :number")
                .param("number", invoiceNumber).query(String.class).optional();
    }

    /** A released invoice by its number (the public id). */
    public Optional<InvoiceView> released(String invoiceNumber) {
        return jdbc.sql("SELECT " + INVOICE_COLUMNS + " FROM invoice WHERE invoice_number = :number AND released_at IS NOT NULL")
                .param("number", invoiceNumber)
                .query((rs, n) -> invoice(rs))
                .optional();
    }

    /**
     * An invoice's lines, in the order of its CSV and its line items resource: those of its periods recorded before
     * it, and the late ones of periods its predecessor closed, recorded between the two (V9).
     */
    public List<ChargeLine> lineItems(String invoiceId) {
        return jdbc.sql(lineItemColumns("i.invoice_number") + """
                         FROM invoice i
                         CROSS JOIN LATERAL (
                             SELECT c.* FROM charge_line c
                             WHERE c.partner_id = i.partner_id AND c.currency = i.currency
                               AND c.billing_period > COALESCE(i.after_period, '') AND c.billing_period <= i.billing_period
                               AND c.line_seq <= i.upto_seq
                             UNION ALL
                             SELECT c.* FROM """ + months("i.partner_id", "i.currency", "i.after_period") + """
                             JOIN charge_line c ON c.partner_id = i.partner_id AND c.currency = i.currency
                               AND c.billing_period = late_month.period
                               AND c.line_seq > i.after_seq AND c.line_seq <= i.upto_seq) c
                         """ + PURCHASE_JOIN + """
                         WHERE i.invoice_id = :id
                         ORDER BY c.charge_start, c.charge_id""")
                .param("id", invoiceId)
                .query(InvoiceReadModel::lineItem)
                .list();
    }

    /**
     * The billing periods of a partner's lines in a currency up to {@code lastPeriod} (none if null), as rows
     * {@code late_month(period)}: the late lines of a period are read one month at a time ({@code (partner, currency,
     * period)} then a range of positions in the index), never by scanning all the partner's earlier lines.
     */
    private static String months(String partner, String currency, String lastPeriod) {
        return " " + """
                generate_series(
                    to_date((SELECT min(f.billing_period) FROM charge_line f
                             WHERE f.partner_id = %1$s AND f.currency = %2$s), 'YYYY-MM'),
                    to_date(%3$s, 'YYYY-MM'), interval '1 month') AS m
                CROSS JOIN LATERAL (SELECT to_char(m, 'YYYY-MM') AS period) late_month
                """.formatted(partner, currency, lastPeriod);
    }

    /** Where a page of unbilled lines ends: the next page starts after this line. */
    public record UnbilledPosition(String billingPeriod, java.time.LocalDate chargeStart, String chargeId) {
    }

    /**
     * A page of a partner's charges in one currency not yet on any invoice, from the billing periods
     * {@code fromPeriod} (inclusive) to {@code toPeriod} (exclusive; null: no end), in billing period, charge start
     * and charge id order, starting after {@code after} (null: from the first), at most {@code size} lines.
     */
    public List<ChargeLine> unbilled(String partnerId, String currency, YearMonth fromPeriod, YearMonth toPeriod,
                                     UnbilledPosition after, int size) {
        // on no invoice: after the latest invoice's period, or of its periods and recorded after it
        return jdbc.sql(lineItemColumns("CAST(NULL AS varchar)") + """
                         FROM (SELECT CAST(:p AS varchar) AS partner_id, CAST(:currency AS varchar) AS currency) pair
                         LEFT JOIN LATERAL (SELECT billing_period, upto_seq FROM invoice
                                            WHERE partner_id = pair.partner_id AND currency = pair.currency
                                            ORDER BY billing_period DESC LIMIT 1) last ON true
                         CROSS JOIN LATERAL (
                             SELECT c.* FROM charge_line c
                             WHERE c.partner_id = pair.partner_id AND c.currency = pair.currency
                               AND c.billing_period > COALESCE(last.billing_period, '')
                             UNION ALL
                             SELECT c.* FROM """ + months("pair.partner_id", "pair.currency", "last.billing_period") + """
                             JOIN charge_line c ON c.partner_id = pair.partner_id AND c.currency = pair.currency
                               AND c.billing_period = late_month.period AND c.line_seq > last.upto_seq) c
                         """ + PURCHASE_JOIN + """
                         WHERE c.billing_period >= :from AND (CAST(:to AS varchar) IS NULL OR c.billing_period < :to)
                           AND (CAST(:afterPeriod AS varchar) IS NULL
                                OR (c.billing_period, c.charge_start, c.charge_id) > (:afterPeriod, CAST(:afterStart AS date), :afterId))
                         ORDER BY c.billing_period, c.charge_start, c.charge_id
                         LIMIT :size""")
                .param("p", partnerId)
                .param("currency", currency)
                .param("from", fromPeriod == null ? "0000-00" : fromPeriod.toString())
                .param("to", toPeriod == null ? null : toPeriod.toString())
                .param("afterPeriod", after == null ? null : after.billingPeriod())
                .param("afterStart", after == null ? null : after.chargeStart())
                .param("afterId", after == null ? null : after.chargeId())
                .param("size", size)
                .query(InvoiceReadModel::lineItem)
                .list();
    }

    /** A line item's columns in {@link #lineItem}'s order, with the invoice number given by {@code invoiceNumber}. */
    private static String lineItemColumns(String invoiceNumber) {
        return """
                SELECT c.charge_id, c.charge_type, c.subscription_id, c.partner_id, c.customer_id, c.order_id, c.offer_id,
                       c.offer_name, c.publisher_name, c.sku_id, c.quantity, c.unit_price, c.amount, c.currency,
                       c.charge_start, c.charge_end, c.billing_period, c.source_event_ids, c.recorded_event_id,
                       c.reverses_charge_id, c.proration_days, c.proration_of_days, c.while_suspended, %s,
                       p.term, p.billing_cycle, p.order_date, p.market, p.sku_name, p.publisher_id, p.customer_name,
                       p.customer_domain_name, p.friendly_name
                """.formatted(invoiceNumber);
    }

    private static final String PURCHASE_JOIN = "LEFT JOIN billed_purchase p ON p.subscription_id = c.subscription_id\n";

    private static ChargeLine lineItem(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString(14);
        OffsetDateTime orderDate = rs.getObject(27, OffsetDateTime.class);
        return new ChargeLine(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11),
                scaled(rs.getBigDecimal(12), currency), scaled(rs.getBigDecimal(13), currency), currency,
                rs.getObject(15, java.time.LocalDate.class), rs.getObject(16, java.time.LocalDate.class),
                rs.getString(17), Arrays.asList((String[]) rs.getArray(18).getArray()), rs.getString(19),
                rs.getString(20), rs.getObject(21, Integer.class), rs.getObject(22, Integer.class),
                rs.getBoolean(23), rs.getString(24), rs.getString(25), rs.getString(26),
                orderDate == null ? null : orderDate.toInstant(), rs.getString(28), rs.getString(29),
                rs.getString(30), rs.getString(31), rs.getString(32), rs.getString(33));
    }

    /** Amounts are stored with 4 decimals and always hold whole minor units; shown at the currency's scale. */
    private static BigDecimal scaled(BigDecimal amount, String currency) {
        return amount.setScale(java.util.Currency.getInstance(currency).getDefaultFractionDigits());
    }

    private static InvoiceView invoice(ResultSet rs) throws SQLException {
        return new InvoiceView(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, java.time.LocalDate.class),
                rs.getObject(6, java.time.LocalDate.class), scaled(rs.getBigDecimal(7), rs.getString(8)),
                rs.getString(8), rs.getInt(9));
    }
}
