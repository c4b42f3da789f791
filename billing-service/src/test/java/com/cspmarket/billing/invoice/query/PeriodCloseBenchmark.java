package com.cspmarket.billing.invoice.query;

import com.cspmarket.billing.charge.api.ChargeRecorded;
import com.cspmarket.billing.charge.api.ChargeType;
import com.cspmarket.billing.charge.api.Money;
import com.cspmarket.billing.invoice.api.BillingCalendar;
import com.cspmarket.billing.invoice.api.InvoiceIssued;
import com.cspmarket.billing.invoice.api.InvoiceReleased;
import com.cspmarket.billing.invoice.api.IssueInvoice;
import com.cspmarket.local.LocalPostgres;
import org.axonframework.eventhandling.GenericEventMessage;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Random;

/**
 * Closing a billing period with N charge lines (default 1,000,000): loads the lines through the real
 * {@link BillingProjection} handler into a real PostgreSQL, then closes the month the way the closer does (find the
 * partner/currency pairs to close, one {@code InvoiceIssued} per pair through the projection, in transactions of
 * 100 events like the tracking processor) and releases the invoices on the 8th. Prints the times, and checks that
 * every line is on exactly one invoice and the invoice totals add up to the charges. Run with bench/billing-close.
 */
public final class PeriodCloseBenchmark {

    public static void main(String[] args) throws Exception {
        int lines = Integer.getInteger("lines", 1_000_000);
        int partners = Integer.getInteger("partners", 2_000);
        YearMonth period = YearMonth.of(2026, 11);
        List<String> currencies = List.of("USD", "EUR", "JPY");

        try (LocalPostgres postgres = LocalPostgres.start(0, null)) {
            // connected as the services are: a Hikari pool (connections and their prepared statements kept), JDBC
            // batches of inserts sent as multi-row INSERTs (platform-defaults.properties)
            try (com.zaxxer.hikari.HikariDataSource dataSource = new com.zaxxer.hikari.HikariDataSource()) {
                dataSource.setJdbcUrl(postgres.createDatabase("billing_bench"));
                dataSource.setUsername(postgres.username());
                dataSource.setPassword(postgres.password());
                dataSource.setMaximumPoolSize(2);
                dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
                Flyway.configure().dataSource(dataSource).locations("classpath:db/kit", "classpath:db/migration").load().migrate();
                JdbcClient jdbc = JdbcClient.create(dataSource);
                TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
                BillingProjection projection = new BillingProjection(jdbc, new com.cspmarket.kit.BatchedWrites(dataSource));

                double baseline = rawBatchedInsertRate(dataSource, java.time.Duration.ofSeconds(5));
                System.out.printf("baseline: %,.0f raw rows/s (600-byte rows, JDBC batches of 1,000, a transaction each, one connection)%n",
                        baseline);

                Random random = new Random(11);
                long loadStart = System.nanoTime();
                BigDecimal[] expectedTotals = new BigDecimal[currencies.size()];
                Arrays.fill(expectedTotals, BigDecimal.ZERO);
                int done = 0;
                long projectionNanos = 0;
                while (done < lines) {
                    List<ChargeRecorded> batch = new ArrayList<>(1000);
                    for (int i = 0; i < 1000 && done < lines; i++, done++) {
                        // a skewed partner mix: a few partners hold most lines, like real resellers
                        int partner = (int) Math.min(partners - 1, Math.abs(random.nextGaussian()) * partners / 4);
                        int c = random.nextInt(currencies.size());
                        Currency currency = Currency.getInstance(currencies.get(c));
                        BigDecimal unit = c == 2 ? BigDecimal.valueOf(100 + random.nextInt(9900))
                                : BigDecimal.valueOf(100 + random.nextInt(9900), 2);
                        int quantity = 1 + random.nextInt(20);
                        Money price = new Money(unit, currency);
                        LocalDate start = period.atDay(1 + random.nextInt(period.lengthOfMonth()));
                        ChargeRecorded charge = new ChargeRecorded("sub-" + done + ":1", "sub-" + done, "partner-" + partner,
                                "customer-" + random.nextInt(50_000), "order-" + done, "offer-" + random.nextInt(5_000),
                                "Offer", "Publisher", "sku", ChargeType.NEW, quantity, price, price.times(quantity), start,
                                start.plusMonths(1).minusDays(1), period, List.of("evt-" + done + "-a", "evt-" + done + "-b"), null,
                                null, null);
                        expectedTotals[c] = expectedTotals[c].add(charge.amount().amount());
                        batch.add(charge);
                    }
                    long t0 = System.nanoTime();
                    tx.executeWithoutResult(s -> batch.forEach(c -> projection.on(c, GenericEventMessage.asEventMessage(c))));
                    projectionNanos += System.nanoTime() - t0;
                    if (done % 100_000 == 0) {
                        System.out.printf("loaded %,d charge lines%n", done);
                    }
                }
                long vacuumStart = System.nanoTime();
                jdbc.sql("VACUUM ANALYZE").update(); // what autovacuum does after a bulk load
                double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
                double projectionSeconds = projectionNanos / 1e9;
                System.out.printf("loaded %,d charge lines for up to %,d partners in %.1f s: through the projection (handlers and"
                                + " commits) %.1f s = %,.0f lines/s, VACUUM ANALYZE %.1f s, generating the events the rest%n",
                        lines, partners, loadSeconds, projectionSeconds, lines / projectionSeconds,
                        (System.nanoTime() - vacuumStart) / 1e9);
                System.out.printf("lines/s per raw row/s (noise-independent figure): %.3f%n", lines / projectionSeconds / baseline);

                InvoiceReadModel invoices = new InvoiceReadModel(jdbc);
                Instant closesAt = BillingCalendar.closesAt(period);
                long closeStart = System.nanoTime();
                List<InvoiceReadModel.PeriodToClose> toClose = invoices.periodsToClose(period);
                double findSeconds = (System.nanoTime() - closeStart) / 1e9;
                java.util.Map<String, Integer> sequences = new java.util.HashMap<>(); // gapless per partner, as the aggregate does
                for (int from = 0; from < toClose.size(); from += 100) {
                    List<InvoiceReadModel.PeriodToClose> batch = toClose.subList(from, Math.min(toClose.size(), from + 100));
                    tx.executeWithoutResult(s -> batch.forEach(p -> {
                        int sequence = sequences.merge(p.partnerId(), 1, Integer::sum);
                        projection.on(new InvoiceIssued(IssueInvoice.invoiceIdOf(p.partnerId(), p.currency(), period),
                                String.format("%s-%06d", p.partnerId(), sequence), sequence, p.partnerId(), p.currency(),
                                period, closesAt, BillingCalendar.releasedAt(period)));
                    }));
                }
                double closeSeconds = (System.nanoTime() - closeStart) / 1e9;

                Instant releaseAt = BillingCalendar.releasedAt(period);
                long releaseStart = System.nanoTime();
                List<InvoiceReadModel.DueInvoice> due = invoices.dueForRelease(releaseAt);
                for (int from = 0; from < due.size(); from += 100) {
                    List<InvoiceReadModel.DueInvoice> batch = due.subList(from, Math.min(due.size(), from + 100));
                    tx.executeWithoutResult(s -> batch.forEach(d -> projection.on(new InvoiceReleased(d.invoiceId(),
                            d.invoiceId(), d.partnerId(), "", period, d.total(), d.lineCount(), releaseAt))));
                }
                double releaseSeconds = (System.nanoTime() - releaseStart) / 1e9;

                long uninvoiced = jdbc.sql("SELECT count(*) FROM charge_line_on_invoice WHERE invoice_id IS NULL").query(Long.class).single();
                long invoicedLines = jdbc.sql("SELECT COALESCE(sum(line_count), 0) FROM invoice").query(Long.class).single();
                // each invoice's total and count (summed as lines were recorded) equal the lines it holds by position
                long invoicesOff = jdbc.sql("""
                                SELECT count(*) FROM invoice i
                                LEFT JOIN (SELECT invoice_id, sum(amount) AS total, count(*) AS lines
                                           FROM charge_line_on_invoice WHERE invoice_id IS NOT NULL GROUP BY invoice_id) held
                                       ON held.invoice_id = i.invoice_id
                                WHERE i.total <> COALESCE(held.total, 0) OR i.line_count <> COALESCE(held.lines, 0)""")
                        .query(Long.class).single();
                long largest = jdbc.sql("SELECT max(line_count) FROM invoice").query(Long.class).single();
                boolean totalsMatch = true;
                for (int c = 0; c < currencies.size(); c++) {
                    BigDecimal invoiced = jdbc.sql("SELECT COALESCE(sum(total), 0) FROM invoice WHERE currency = :c")
                            .param("c", currencies.get(c)).query(BigDecimal.class).single();
                    totalsMatch &= invoiced.compareTo(expectedTotals[c]) == 0;
                }
                System.out.printf("closed %s: %,d invoices (largest %,d lines) holding %,d lines in %.1f s "
                                + "(finding the partner/currency pairs: %.2f s), %,.0f lines/s%n",
                        period, toClose.size(), largest, invoicedLines, closeSeconds, findSeconds, invoicedLines / closeSeconds);
                System.out.printf("released %,d invoices on %s in %.2f s%n", due.size(), releaseAt, releaseSeconds);
                System.out.printf("check: uninvoiced lines %d, invoiced lines %,d of %,d, invoice totals equal the charges: %s,"
                                + " invoices whose total or count differ from the lines they hold: %d%n",
                        uninvoiced, invoicedLines, lines, totalsMatch, invoicesOff);
                // the read side of positions: the largest invoice's line items (its lines found by range), and an
                // unbilled page of the same partner and currency (none left: every line of it is on the invoice)
                String largestInvoice = jdbc.sql("SELECT invoice_id FROM invoice ORDER BY line_count DESC, invoice_id LIMIT 1")
                        .query(String.class).single();
                InvoiceReadModel.DueInvoice largestDue = due.stream().filter(d -> d.invoiceId().equals(largestInvoice))
                        .findFirst().orElseThrow();
                String largestCurrency = jdbc.sql("SELECT currency FROM invoice WHERE invoice_id = :id")
                        .param("id", largestInvoice).query(String.class).single();
                double[] itemsMs = new double[21];
                double[] unbilledMs = new double[21];
                for (int i = 0; i < itemsMs.length; i++) {
                    long t0 = System.nanoTime();
                    int read = invoices.lineItems(largestInvoice).size();
                    itemsMs[i] = (System.nanoTime() - t0) / 1e6;
                    t0 = System.nanoTime();
                    int unbilled = invoices.unbilled(largestDue.partnerId(), largestCurrency, null, null, null, 2001).size();
                    unbilledMs[i] = (System.nanoTime() - t0) / 1e6;
                    if (read != largestDue.lineCount() || unbilled != 0) {
                        throw new IllegalStateException("read " + read + " line items of " + largestDue.lineCount()
                                + ", " + unbilled + " unbilled");
                    }
                }
                Arrays.sort(itemsMs);
                Arrays.sort(unbilledMs);
                System.out.printf("read the largest invoice's %,d line items in %.1f ms, its partner's unbilled page in %.1f ms"
                        + " (medians of %d)%n", largestDue.lineCount(), itemsMs[itemsMs.length / 2],
                        unbilledMs[unbilledMs.length / 2], itemsMs.length);
                if (uninvoiced != 0 || invoicedLines != lines || !totalsMatch || invoicesOff != 0) {
                    throw new IllegalStateException("the close lost or double-counted charges");
                }
            }
        }
    }

    /** The baseline: rows of 600 bytes inserted per second in JDBC batches of 1,000, one transaction per batch. */
    private static double rawBatchedInsertRate(javax.sql.DataSource dataSource, java.time.Duration during) throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection()) {
            c.createStatement().execute("CREATE TABLE raw_insert (id bigserial PRIMARY KEY, payload text NOT NULL)");
            c.setAutoCommit(false);
            String payload = "x".repeat(600);
            long rows = 0;
            long t0 = System.nanoTime();
            long until = t0 + during.toNanos();
            try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO raw_insert (payload) VALUES (?)")) {
                while (System.nanoTime() < until) {
                    for (int i = 0; i < 1000; i++) {
                        insert.setString(1, payload);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    c.commit();
                    rows += 1000;
                }
            }
            double rate = rows / ((System.nanoTime() - t0) / 1e9);
            c.createStatement().execute("DROP TABLE raw_insert");
            c.commit();
            return rate;
        }
    }
}
