package com.cspmarket.billing.invoice.query;

import com.cspmarket.billing.ServiceIT;
import com.cspmarket.billing.charge.api.ChargeRecorded;
import com.cspmarket.billing.charge.api.ChargeType;
import com.cspmarket.billing.charge.api.Money;
import com.cspmarket.billing.invoice.api.BillingCalendar;
import com.cspmarket.billing.invoice.api.InvoiceIssued;
import com.cspmarket.billing.invoice.api.IssueInvoice;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An invoice holds its lines by position (V9): the lines of its partner and currency that were on no invoice, of its
 * period or earlier, recorded before it. Checked against that rule kept in memory, over a random mix of charges for
 * past, current and later periods, late ones, repeated ones and repeated invoices, fed to the projection in
 * transactions of several events, for every invoice (its line items, total and count), every line (the view the
 * fingerprint digests) and what is still unbilled. The periods are far in the future: the closer never touches them.
 */
class InvoiceRangesIT extends ServiceIT {

    private static final String PREFIX = "ranges-";
    private static final YearMonth FIRST = YearMonth.of(2999, 1);

    @Autowired
    BillingProjection projection;

    @Autowired
    InvoiceReadModel invoices;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    record Line(String chargeId, String partner, String currency, YearMonth period, BigDecimal amount) {
    }

    @Test
    void everyInvoiceHoldsTheOpenLinesOfItsPeriodsRecordedBeforeItAndNothingElse() {
        Random random = new Random(20);
        List<String> partners = List.of(PREFIX + "a", PREFIX + "b", PREFIX + "c");
        List<String> currencies = List.of("USD", "EUR");
        List<Line> open = new ArrayList<>(); // the rule: lines on no invoice yet
        Map<String, List<Line>> expected = new LinkedHashMap<>(); // invoice id -> its lines
        Map<String, YearMonth> lastInvoiced = new HashMap<>(); // partner|currency -> its latest invoice's period
        Map<String, Integer> sequences = new HashMap<>();
        List<ChargeRecorded> recorded = new ArrayList<>();
        YearMonth closing = FIRST;
        int charges = 0;
        for (int step = 0; step < 60; step++) {
            List<Object> batch = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                if (!recorded.isEmpty() && random.nextInt(10) == 0) {
                    batch.add(recorded.get(random.nextInt(recorded.size()))); // redelivered: changes nothing
                    continue;
                }
                String partner = partners.get(random.nextInt(partners.size()));
                String currency = currencies.get(random.nextInt(currencies.size()));
                // mostly the month being closed next; some late (already closed), some for later months
                YearMonth period = closing.plusMonths(random.nextInt(5) - 2);
                if (period.isBefore(FIRST)) {
                    period = FIRST;
                }
                ChargeRecorded charge = charge(PREFIX + "charge-" + charges++, partner, currency, period, random);
                recorded.add(charge);
                open.add(new Line(charge.chargeId(), partner, currency, period, charge.amount().amount()));
                batch.add(charge);
            }
            if (random.nextInt(3) == 0) {
                // close a month as the closer does: per partner and currency with open lines up to it, oldest first
                for (String partner : partners) {
                    for (String currency : currencies) {
                        String pair = partner + "|" + currency;
                        YearMonth last = lastInvoiced.get(pair);
                        YearMonth upTo = closing;
                        TreeSet<YearMonth> periods = open.stream()
                                .filter(l -> l.partner().equals(partner) && l.currency().equals(currency)
                                        && !l.period().isAfter(upTo))
                                .map(l -> last != null && !l.period().isAfter(last) ? upTo : l.period())
                                .filter(p -> !p.equals(last))
                                .collect(Collectors.toCollection(TreeSet::new));
                        for (YearMonth p : periods) {
                            int sequence = sequences.merge(partner, 1, Integer::sum);
                            InvoiceIssued invoice = new InvoiceIssued(IssueInvoice.invoiceIdOf(partner, currency, p),
                                    String.format("%s-%06d", partner, sequence), sequence, partner, currency, p,
                                    BillingCalendar.closesAt(p), BillingCalendar.releasedAt(p));
                            List<Line> taken = open.stream().filter(l -> l.partner().equals(partner)
                                    && l.currency().equals(currency) && !l.period().isAfter(p)).toList();
                            open.removeAll(taken);
                            expected.put(invoice.invoiceId(), taken);
                            lastInvoiced.put(pair, p);
                            batch.add(invoice);
                            if (random.nextInt(4) == 0) {
                                batch.add(invoice); // redelivered: takes nothing more
                            }
                        }
                    }
                }
                closing = closing.plusMonths(1);
            }
            tx.executeWithoutResult(s -> batch.forEach(event -> {
                if (event instanceof ChargeRecorded c) {
                    projection.on(c, GenericEventMessage.asEventMessage(c));
                } else {
                    projection.on((InvoiceIssued) event);
                }
            }));
        }
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(expected.values().stream().filter(List::isEmpty)).as("every invoice took lines").isEmpty();

        for (Map.Entry<String, List<Line>> invoice : expected.entrySet()) {
            List<ChargeLine> items = invoices.lineItems(invoice.getKey());
            assertThat(items.stream().map(ChargeLine::chargeId).collect(Collectors.toSet()))
                    .as("lines of %s", invoice.getKey())
                    .isEqualTo(invoice.getValue().stream().map(Line::chargeId).collect(Collectors.toSet()));
            assertThat(items).hasSize(invoice.getValue().size());
            var stored = jdbc.sql("SELECT total, line_count FROM invoice WHERE invoice_id = :id")
                    .param("id", invoice.getKey())
                    .query((rs, n) -> List.of(rs.getBigDecimal(1), BigDecimal.valueOf(rs.getInt(2)))).single();
            assertThat(stored.get(0)).isEqualByComparingTo(sum(invoice.getValue()));
            assertThat(stored.get(1).intValue()).isEqualTo(invoice.getValue().size());
        }
        Map<String, String> onInvoice = new HashMap<>();
        jdbc.sql("SELECT charge_id, invoice_id FROM charge_line_on_invoice WHERE partner_id LIKE 'ranges-%'")
                .query(rs -> {
                    onInvoice.put(rs.getString(1), rs.getString(2));
                });
        Map<String, String> expectedOn = new HashMap<>();
        expected.forEach((id, lines) -> lines.forEach(l -> expectedOn.put(l.chargeId(), id)));
        open.forEach(l -> expectedOn.put(l.chargeId(), null));
        assertThat(onInvoice).isEqualTo(expectedOn);

        for (String partner : partners) {
            for (String currency : currencies) {
                Set<String> unbilled = invoices.unbilled(partner, currency, null, null, null, 10_000).stream()
                        .map(ChargeLine::chargeId).collect(Collectors.toSet());
                assertThat(unbilled).as("unbilled %s %s", partner, currency).isEqualTo(open.stream()
                        .filter(l -> l.partner().equals(partner) && l.currency().equals(currency))
                        .map(Line::chargeId).collect(Collectors.toSet()));
                BigDecimal openTotal = jdbc.sql("""
                                SELECT COALESCE(sum(total), 0) FROM open_charge WHERE partner_id = :p AND currency = :c""")
                        .param("p", partner).param("c", currency).query(BigDecimal.class).single();
                assertThat(openTotal).isEqualByComparingTo(sum(open.stream()
                        .filter(l -> l.partner().equals(partner) && l.currency().equals(currency)).toList()));
            }
        }
    }

    private static BigDecimal sum(List<Line> lines) {
        return lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static ChargeRecorded charge(String id, String partner, String currency, YearMonth period, Random random) {
        Money price = new Money(BigDecimal.valueOf(100 + random.nextInt(9900), 2), Currency.getInstance(currency));
        int quantity = 1 + random.nextInt(5);
        LocalDate start = period.atDay(1 + random.nextInt(28));
        return new ChargeRecorded(id, id + "-sub", partner, "customer-1", "order-1", "offer-1", "Offer", "Publisher",
                "sku", ChargeType.NEW, quantity, price, price.times(quantity), start, start.plusMonths(1).minusDays(1),
                period, List.of(id + "-source"), null, null, null);
    }

    /** The lines and invoices fed here are in no event store: gone before another test fingerprints or rebuilds. */
    @AfterEach
    void removeFedRows() {
        tx.executeWithoutResult(s -> {
            jdbc.sql("DELETE FROM invoice WHERE partner_id LIKE 'ranges-%'").update();
            jdbc.sql("DELETE FROM charge_line WHERE partner_id LIKE 'ranges-%'").update();
            jdbc.sql("DELETE FROM open_charge WHERE partner_id LIKE 'ranges-%'").update();
        });
    }
}
