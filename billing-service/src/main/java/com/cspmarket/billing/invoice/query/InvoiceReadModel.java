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
                            SELECT DISTINCT c.partner_id, c.currency,
                                   CASE WHEN EXISTS (SELECT 1 FROM invoice i WHERE i.partner_id = c.partner_id
                                                     AND i.currency = c.currency AND i.billing_period >= c.billing_period)
                                        THEN :period ELSE c.billing_period END AS period
                            FROM charge_line c
                            WHERE c.invoice_id IS NULL AND c.billing_period <= :period) due
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

    /** The partner an invoice (released or not) is for. */
    public Optional<String> partnerOf(String invoiceId) {
        return jdbc.sql("SELECT partner_id FROM invoice WHERE invoice_id = :id")
                .param("id", invoiceId).query(String.class).optional();
    }

    public Optional<InvoiceView> released(String invoiceId) {
        return jdbc.sql("SELECT " + INVOICE_COLUMNS + " FROM invoice WHERE invoice_id = :id AND released_at IS NOT NULL")
                .param("id", invoiceId)
                .query((rs, n) -> invoice(rs))
                .optional();
    }

    public List<InvoiceLineItem> lineItems(String invoiceId) {
        return jdbc.sql(LINE_ITEM_SELECT + " WHERE invoice_id = :id ORDER BY charge_start, charge_id")
                .param("id", invoiceId)
                .query(InvoiceReadModel::lineItem)
                .list();
    }

    /** Charges of a partner not yet on any invoice: the unbilled preview of the open period(s). */
    public List<InvoiceLineItem> unbilled(String partnerId) {
        return jdbc.sql(LINE_ITEM_SELECT + " WHERE partner_id = :p AND invoice_id IS NULL ORDER BY billing_period, charge_start, charge_id")
                .param("p", partnerId)
                .query(InvoiceReadModel::lineItem)
                .list();
    }

    private static final String LINE_ITEM_SELECT = """
            SELECT charge_id, charge_type, subscription_id, customer_id, order_id, offer_id, offer_name,
                   publisher_name, sku_id, quantity, unit_price, amount, currency, charge_start, charge_end,
                   billing_period, source_event_ids, recorded_event_id, reverses_charge_id, proration_days,
                   proration_of_days, while_suspended
            FROM charge_line""";

    private static InvoiceLineItem lineItem(ResultSet rs, int row) throws SQLException {
        return new InvoiceLineItem(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getInt(10), scaled(rs.getBigDecimal(11), rs.getString(13)),
                        scaled(rs.getBigDecimal(12), rs.getString(13)), rs.getString(13),
                        rs.getObject(14, java.time.LocalDate.class), rs.getObject(15, java.time.LocalDate.class),
                        rs.getString(16), Arrays.asList((String[]) rs.getArray(17).getArray()), rs.getString(18),
                        rs.getString(19), rs.getObject(20, Integer.class), rs.getObject(21, Integer.class),
                        rs.getBoolean(22));
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
