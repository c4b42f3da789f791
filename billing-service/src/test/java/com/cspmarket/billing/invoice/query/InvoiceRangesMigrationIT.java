package com.cspmarket.billing.invoice.query;

import com.cspmarket.local.LocalPostgres;
import com.cspmarket.local.SharedInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V9 turns the lines an invoice had written onto itself into positions: on a read model filled by V8's projection
 * (lines on invoices, late lines on a later invoice, lines on none, an invoice that took nothing), every line is on the
 * same invoice afterwards, the invoices' line items are those lines, and what is open sums to the lines on none.
 */
class InvoiceRangesMigrationIT {

    @Test
    void everyLineStaysOnItsInvoiceAndTheRestIsOpen() {
        LocalPostgres postgres = SharedInfrastructure.get().postgres();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                postgres.recreateDatabase("billing_migration_it"), postgres.username(), postgres.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/kit", "classpath:db/migration")
                .target("8").load().migrate(); // the schema V8's projection wrote, locations as the service has
        JdbcClient jdbc = JdbcClient.create(dataSource);

        invoice(jdbc, "inv-a-usd-01", "a", 1, "USD", "2026-01");
        invoice(jdbc, "inv-a-eur-01", "a", 2, "EUR", "2026-01");
        invoice(jdbc, "inv-a-usd-02", "a", 3, "USD", "2026-02");
        invoice(jdbc, "inv-b-usd-01", "b", 1, "USD", "2026-01"); // took nothing
        invoice(jdbc, "inv-b-usd-03", "b", 2, "USD", "2026-03");
        Map<String, String> on = new HashMap<>();
        on.put(line(jdbc, "a1", "a", "USD", "2026-01", "10.00", "inv-a-usd-01"), "inv-a-usd-01");
        on.put(line(jdbc, "a2", "a", "USD", "2026-01", "20.00", "inv-a-usd-01"), "inv-a-usd-01");
        on.put(line(jdbc, "a3", "a", "USD", "2026-02", "30.00", "inv-a-usd-02"), "inv-a-usd-02");
        on.put(line(jdbc, "a4", "a", "USD", "2026-01", "40.00", "inv-a-usd-02"), "inv-a-usd-02"); // late for January
        on.put(line(jdbc, "a5", "a", "USD", "2026-02", "50.00", null), null); // late for February: waits
        on.put(line(jdbc, "a6", "a", "USD", "2026-03", "60.00", null), null);
        on.put(line(jdbc, "a7", "a", "USD", "2026-01", "-5.00", null), null);
        on.put(line(jdbc, "e1", "a", "EUR", "2026-01", "7.00", "inv-a-eur-01"), "inv-a-eur-01");
        on.put(line(jdbc, "e2", "a", "EUR", "2026-02", "8.00", null), null);
        on.put(line(jdbc, "b1", "b", "USD", "2026-02", "1.00", "inv-b-usd-03"), "inv-b-usd-03");
        on.put(line(jdbc, "b2", "b", "USD", "2026-03", "2.00", "inv-b-usd-03"), "inv-b-usd-03");
        on.put(line(jdbc, "b3", "b", "USD", "2026-04", "3.00", null), null);
        jdbc.sql("""
                UPDATE invoice i SET total = COALESCE(t.total, 0), line_count = COALESCE(t.lines, 0)
                FROM invoice j LEFT JOIN (SELECT invoice_id, sum(amount) AS total, count(*) AS lines FROM charge_line
                                          GROUP BY invoice_id) t ON t.invoice_id = j.invoice_id
                WHERE j.invoice_id = i.invoice_id""").update();

        Flyway.configure().dataSource(dataSource).locations("classpath:db/kit", "classpath:db/migration").load().migrate();

        Map<String, String> after = new HashMap<>();
        jdbc.sql("SELECT charge_id, invoice_id FROM charge_line_on_invoice").query(rs -> {
            after.put(rs.getString(1), rs.getString(2));
        });
        assertThat(after).isEqualTo(on);
        InvoiceReadModel invoices = new InvoiceReadModel(jdbc);
        for (String invoice : List.of("inv-a-usd-01", "inv-a-eur-01", "inv-a-usd-02", "inv-b-usd-01", "inv-b-usd-03")) {
            assertThat(invoices.lineItems(invoice).stream().map(ChargeLine::chargeId).sorted().toList())
                    .as(invoice).isEqualTo(on.entrySet().stream().filter(e -> invoice.equals(e.getValue()))
                            .map(Map.Entry::getKey).sorted().toList());
        }
        assertThat(invoices.unbilled("a", "USD", null, null, null, 100).stream().map(ChargeLine::chargeId).toList())
                .containsExactly("a7", "a5", "a6");
        assertThat(jdbc.sql("SELECT partner_id, currency, billing_period, total, line_count FROM open_charge "
                        + "ORDER BY partner_id, currency, billing_period")
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                        + rs.getBigDecimal(4).stripTrailingZeros().toPlainString() + " " + rs.getInt(5)).list())
                .containsExactly("a EUR 2026-02 8 1", "a USD 2026-01 -5 1", "a USD 2026-02 50 1", "a USD 2026-03 60 1",
                        "b USD 2026-04 3 1");
        // lines recorded after the migration number on from the migrated ones
        long next = jdbc.sql("SELECT nextval('charge_line_seq')").query(Long.class).single();
        assertThat(next).isGreaterThan(jdbc.sql("SELECT max(line_seq) FROM charge_line").query(Long.class).single());
    }

    private static void invoice(JdbcClient jdbc, String id, String partner, int sequence, String currency, String period) {
        jdbc.sql("""
                        INSERT INTO invoice (invoice_id, invoice_number, sequence, partner_id, currency, billing_period,
                            period_start, period_end, issued_at, release_at, total, line_count)
                        VALUES (:id, :id, :seq, :partner, :currency, :period, CAST(:period || '-01' AS date),
                            CAST(:period || '-28' AS date), now(), now(), 0, 0)""")
                .param("id", id).param("seq", sequence).param("partner", partner).param("currency", currency)
                .param("period", period).update();
    }

    private static String line(JdbcClient jdbc, String id, String partner, String currency, String period,
                               String amount, String invoiceId) {
        jdbc.sql("""
                        INSERT INTO charge_line (charge_id, subscription_id, partner_id, customer_id, order_id, offer_id,
                            offer_name, publisher_name, sku_id, charge_type, quantity, unit_price, amount, currency,
                            charge_start, charge_end, billing_period, source_event_ids, recorded_event_id, recorded_at,
                            invoice_id)
                        VALUES (:id, 'sub', :partner, 'customer', 'order', 'offer', 'Offer', 'Publisher', 'sku', 'NEW',
                            1, :amount, :amount, :currency, CAST(:period || '-01' AS date), CAST(:period || '-28' AS date),
                            :period, ARRAY['source'], :id, now(), :invoice)""")
                .param("id", id).param("partner", partner).param("currency", currency).param("period", period)
                .param("amount", new BigDecimal(amount)).param("invoice", invoiceId, java.sql.Types.VARCHAR).update();
        return id;
    }
}
