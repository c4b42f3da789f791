package com.cspmarket.billing.invoice;

import com.cspmarket.billing.ServiceIT;
import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;
import com.cspmarket.events.Topics;
import com.cspmarket.events.subscription.SubscriptionActivated;
import com.cspmarket.events.subscription.SubscriptionAutoRenewChanged;
import com.cspmarket.events.subscription.SubscriptionCancellationScheduled;
import com.cspmarket.events.subscription.SubscriptionCancelled;
import com.cspmarket.events.subscription.SubscriptionExpired;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.events.subscription.SubscriptionQuantityDecreaseScheduled;
import com.cspmarket.events.subscription.SubscriptionQuantityIncreased;
import com.cspmarket.events.subscription.SubscriptionRenewed;
import com.cspmarket.kit.MovableClock;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.local.TopicWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.cspmarket.local.RepeatableTest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A year of business for thousands of subscriptions, month by month through Kafka and the business clock: random
 * purchases and activations, cancellations inside the window (full refund) and after it (expiry at term end),
 * auto-renew switched off, monthly and annual renewals at changing prices, annual terms billed upfront or month by
 * month (the business clock charges each month), seats added (prorated) and removed at renewal, in USD, EUR and JPY. Every released invoice, and every subscription's lines on it, is compared with a
 * reference computed here from the simulated facts alone, without billing-service's code.
 */
class YearOfBillingIT extends ServiceIT {

    private static final Logger log = LoggerFactory.getLogger(YearOfBillingIT.class);
    static final int SUBSCRIPTIONS = Integer.getInteger("simulation.subscriptions", 2000);
    static final long SEED = Long.getLong("simulation.seed", 20261124L);
    static final int PARTNERS = 20;
    static final List<String> CURRENCIES = List.of("USD", "EUR", "JPY");

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovableClock clock;

    /** An integration event at its business instant, the {@code sequence}-th of its subscription (from 0). */
    record Fact(Instant at, String subscriptionId, long sequence, IntegrationEvent event) {
    }

    record InvoiceKey(String partner, String currency, YearMonth period) {
    }

    final List<Fact> facts = new ArrayList<>();
    final Map<String, Long> sequences = new HashMap<>();
    /** The reference: per invoice "total|lines", and per invoice and subscription the total. */
    final Map<InvoiceKey, BigDecimal> totals = new HashMap<>();
    final Map<InvoiceKey, Integer> lineCounts = new HashMap<>();
    final Map<String, BigDecimal> subscriptionTotals = new HashMap<>();
    final String run = UUID.randomUUID().toString().substring(0, 6);

    /** Every event id the simulations sent (the inbox also holds other tests' events). */
    static final java.util.Set<UUID> SENT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @RepeatableTest
    void everyInvoiceOfAYearEqualsTheReferenceCalculation() {
        YearMonth first = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).plusMonths(1);
        Instant yearStart = first.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant yearEnd = first.plusMonths(12).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Random random = new Random(SEED);
        for (int n = 0; n < subscriptions(); n++) {
            simulate(n, random, yearStart, yearEnd);
        }
        facts.sort(Comparator.comparing(Fact::at));
        log.info("simulated {} subscriptions (seed {}): {} events, {} invoices expected", subscriptions(), SEED,
                facts.size(), totals.size());

        long inboxBefore = inboxCount();
        int sent = 0;
        clock.moveTo(yearStart);
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            for (int m = 0; m < 12; m++) {
                YearMonth month = first.plusMonths(m);
                List<Fact> ofMonth = facts.stream()
                        .filter(f -> YearMonth.from(f.at().atZone(ZoneOffset.UTC)).equals(month))
                        .toList();
                sent += deliver(kafka, ofMonth);
                long expectedInbox = inboxBefore + sent;
                await().atMost(Duration.ofMinutes(3)).until(() -> inboxCount() >= expectedInbox);
                await().atMost(Duration.ofMinutes(1)).until(this::projectionCaughtUp);
                // the last hour of the month: every month of a monthly-paid term that started by then is charged
                clock.moveTo(month.atEndOfMonth().atTime(23, 0).toInstant(ZoneOffset.UTC));
                await().atMost(Duration.ofMinutes(2)).until(() -> projectionCaughtUp() && dueMonths(month.atEndOfMonth()) == 0);

                clock.moveTo(month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
                long invoicesOfMonth = totals.keySet().stream().filter(k -> k.period().equals(month)).count();
                await().atMost(Duration.ofMinutes(1)).until(() -> issuedFor(month) == invoicesOfMonth);
            }
        }
        clock.moveTo(first.plusMonths(12).atDay(8).atStartOfDay(ZoneOffset.UTC).toInstant());

        Map<String, String> expected = new TreeMap<>();
        totals.forEach((key, total) -> expected.put(describe(key), total.toPlainString()));
        Map<String, String> actual = new TreeMap<>();
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            actual.clear();
            for (int p = 0; p < PARTNERS; p++) {
                for (JsonNode invoice : exact("/v1/invoices?partnerId=" + partner(p)).path("items")) {
                    InvoiceKey key = new InvoiceKey(partner(p), invoice.path("currencyCode").asText(), periodOf(invoice));
                    actual.put(describe(key), invoice.path("totalCharges").decimalValue().toPlainString());
                }
            }
            assertThat(actual).hasSameSizeAs(expected);
        });
        assertThat(actual).containsExactlyEntriesOf(expected);

        for (int p = 0; p < PARTNERS; p++) {
            List<JsonNode> invoices = new ArrayList<>();
            exact("/v1/invoices?partnerId=" + partner(p)).path("items").forEach(invoices::add);
            String partner = partner(p);
            assertThat(invoices).extracting(i -> i.path("id").asText()).containsExactlyInAnyOrderElementsOf(
                    IntStream.rangeClosed(1, invoices.size()).mapToObj(i -> partner + "-%06d".formatted(i)).toList());
            for (JsonNode invoice : invoices) {
                String period = periodOf(invoice).toString();
                Map<String, BigDecimal> bySubscription = new HashMap<>();
                JsonNode lines = exact("/v1/invoices/" + invoice.path("id").asText() + "/lineitems/OneTime/BillingLineItems")
                        .path("items");
                InvoiceKey invoiceKey = new InvoiceKey(partner, invoice.path("currencyCode").asText(), periodOf(invoice));
                assertThat(lines.size()).as(describe(invoiceKey) + " lines").isEqualTo(lineCounts.get(invoiceKey));
                for (JsonNode line : lines) {
                    bySubscription.merge(line.path("subscriptionId").asText() + "@" + period,
                            line.path("subtotal").decimalValue(), BigDecimal::add);
                    assertThat(line.path("platform").path("provenance").path("sourceEventIds").size()).isPositive();
                }
                bySubscription.forEach((key, amount) -> assertThat(amount).as(key)
                        .isEqualByComparingTo(subscriptionTotals.getOrDefault(key, BigDecimal.ZERO)));
            }
        }
    }

    /** How many subscriptions the year simulates. */
    int subscriptions() {
        return SUBSCRIPTIONS;
    }

    /** Sends a month's facts (in time order) to billing; returns how many distinct event ids it sent. */
    int deliver(TopicWriter kafka, List<Fact> ofMonth) {
        kafka.sendAll(Topics.SUBSCRIPTIONS, ofMonth.stream()
                .map(f -> Map.entry(f.subscriptionId(), encode(UUID.randomUUID(), f)))
                .toList());
        return ofMonth.size();
    }

    static byte[] encode(UUID eventId, Fact fact) {
        SENT.add(eventId);
        return EventCodec.encode(EventEnvelope.of(eventId, fact.at(), "simulation", null, fact.event())
                .withAggregateSequence(fact.sequence()));
    }

    // --- the simulated subscriptions and the reference calculation ---

    String partner(int p) {
        return "sim-" + run + "-p" + p;
    }

    static String describe(InvoiceKey key) {
        return key.partner() + " " + key.currency() + " " + key.period();
    }

    /** One subscription's life: facts in time order, and what each must be charged (independently of billing). */
    void simulate(int n, Random random, Instant yearStart, Instant yearEnd) {
        String id = "sim-" + run + "-s" + n;
        String partner = partner(random.nextInt(PARTNERS));
        String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
        int kind = random.nextInt(10);
        boolean annual = kind >= 6;
        boolean monthlyCycles = kind >= 8; // an annual commitment paid month by month
        Duration window = annual ? Duration.ofDays(14) : Duration.ofHours(24);
        BigDecimal price = price(random, currency);
        int quantity = 1 + random.nextInt(20);
        Instant purchased = yearStart.plusSeconds(random.nextLong(Duration.ofDays(330).toSeconds()));
        Instant activated = purchased.plusSeconds(random.nextLong(Duration.ofDays(3).toSeconds()));
        Instant anchor = activated;
        int termNumber = 1;
        Instant termStart = activated;
        Instant termEnd = end(anchor, annual, 1);
        fact(purchased, id, new SubscriptionPurchased(id, "order-" + id, 1, partner, "customer-" + (n % 97), "sim.offer",
                "Simulated Offer", "Simulated Publisher", annual ? "yearly" : "monthly", quantity, annual ? "P1Y" : "P1M",
                annual && !monthlyCycles ? "ANNUAL" : "MONTHLY", money(price, currency), purchased, purchased, end(purchased, annual, 1),
                "https://activate.example/" + id));
        fact(activated, id, new SubscriptionActivated(id, "order-" + id, partner, "customer-" + (n % 97), activated,
                termStart, termEnd));
        List<BigDecimal> termCharges = new ArrayList<>();
        charge(partner, currency, id, activated, price.multiply(BigDecimal.valueOf(quantity)), termCharges);

        while (true) {
            int dice = random.nextInt(100);
            long termSeconds = Duration.between(termStart, termEnd).toSeconds();
            long afterWindowSeconds = termSeconds - window.toSeconds() - 7200;
            if (dice < 8) { // cancelled inside the window: the term is refunded in full, in the month of cancellation
                Instant at = termStart.plusSeconds(random.nextLong(window.toSeconds()));
                if (!at.isBefore(yearEnd)) {
                    return;
                }
                fact(at, id, new SubscriptionCancelled(id, at, "FULL", "REQUESTED"));
                for (BigDecimal charged : List.copyOf(termCharges)) { // one credit line per charge of the term
                    charge(partner, currency, id, at, charged.negate(), new ArrayList<>());
                }
                return;
            }
            if (dice < 20) { // cancelled after the window, or auto-renew off: it expires at term end, charging nothing
                Instant at = termStart.plus(window).plusSeconds(random.nextLong(afterWindowSeconds));
                if (at.isBefore(yearEnd)) {
                    fact(at, id, dice < 14 ? new SubscriptionCancellationScheduled(id, at, termEnd)
                            : new SubscriptionAutoRenewChanged(id, false));
                }
                if (monthlyCycles) {
                    months(partner, currency, id, termStart, termEnd, yearEnd, price, quantity, null, quantity);
                }
                if (termEnd.isBefore(yearEnd)) {
                    fact(termEnd, id, new SubscriptionExpired(id, termEnd, dice < 14 ? "CANCELLED_AT_TERM_END" : "AUTO_RENEW_OFF"));
                }
                return;
            }
            int quantityBefore = quantity;
            LocalDate increaseDay = null;
            if (random.nextInt(100) < 25) { // seats added after the window: prorated by whole UTC days left
                Instant at = termStart.plus(window).plusSeconds(random.nextLong(afterWindowSeconds));
                int added = 1 + random.nextInt(5);
                if (at.isBefore(yearEnd)) {
                    fact(at, id, new SubscriptionQuantityIncreased(id, quantity, quantity + added, at, termStart, termEnd,
                            money(price, currency)));
                    // the billing cycle the day falls in: the term, or the month of the term (anniversary kept)
                    LocalDate from = utcDay(termStart);
                    LocalDate to = utcDay(termEnd);
                    if (monthlyCycles) {
                        int month = 0;
                        while (!utcDay(termStart).plusMonths(month + 1).isAfter(utcDay(at))) {
                            month++;
                        }
                        from = utcDay(termStart).plusMonths(month);
                        to = utcDay(termStart).plusMonths(month + 1);
                    }
                    long days = ChronoUnit.DAYS.between(utcDay(at), to);
                    long ofDays = ChronoUnit.DAYS.between(from, to);
                    BigDecimal prorated = price.multiply(BigDecimal.valueOf((long) added * days))
                            .divide(BigDecimal.valueOf(ofDays), digits(currency), RoundingMode.HALF_UP);
                    charge(partner, currency, id, at, prorated, termCharges);
                    quantity += added;
                    increaseDay = utcDay(at);
                }
            }
            if (monthlyCycles) {
                months(partner, currency, id, termStart, termEnd, yearEnd, price, quantityBefore, increaseDay, quantity);
            }
            int nextQuantity = quantity;
            if (quantity > 1 && random.nextInt(100) < 10) { // fewer seats from the renewal on
                nextQuantity = 1 + random.nextInt(quantity - 1);
                Instant at = termEnd.minusSeconds(3600);
                if (at.isBefore(yearEnd)) {
                    fact(at, id, new SubscriptionQuantityDecreaseScheduled(id, quantity, nextQuantity, at, termEnd));
                }
            }
            if (!termEnd.isBefore(yearEnd)) {
                return;
            }
            if (random.nextInt(100) < 30) {
                price = price(random, currency); // the catalog price of the renewal day
            }
            termNumber++;
            termStart = termEnd;
            termEnd = end(anchor, annual, termNumber);
            quantity = nextQuantity;
            fact(termStart, id, new SubscriptionRenewed(id, termNumber, termStart, termEnd, quantity,
                    money(price, currency), termStart, termStart.plus(window)));
            termCharges = new ArrayList<>();
            charge(partner, currency, id, termStart, price.multiply(BigDecimal.valueOf(quantity)), termCharges);
        }
    }

    /**
     * Months 2..12 of an annual term paid monthly, each on the day it starts (the anniversary day, or the month's
     * last day when shorter), at the seats in force that day: those before an increase on or after it.
     */
    void months(String partner, String currency, String id, Instant termStart, Instant termEnd, Instant yearEnd,
                BigDecimal price, int quantityBefore, LocalDate increaseDay, int quantityAfter) {
        LocalDate first = utcDay(termStart);
        for (int month = 1; month < 12; month++) {
            LocalDate day = first.plusMonths(month);
            if (!day.isBefore(utcDay(yearEnd)) || !day.isBefore(utcDay(termEnd))) {
                return;
            }
            int seats = increaseDay == null || !day.isAfter(increaseDay) ? quantityBefore : quantityAfter;
            charge(partner, currency, id, day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    price.multiply(BigDecimal.valueOf(seats)), new ArrayList<>());
        }
    }

    /** The subscription's next fact: called in the order of its history (time order). */
    void fact(Instant at, String id, IntegrationEvent event) {
        facts.add(new Fact(at, id, sequences.merge(id, 1L, Long::sum) - 1, event));
    }

    /** A line in the month of its UTC day, on the partner's invoice in its currency. */
    void charge(String partner, String currency, String id, Instant at, BigDecimal amount, List<BigDecimal> term) {
        YearMonth period = YearMonth.from(utcDay(at));
        InvoiceKey key = new InvoiceKey(partner, currency, period);
        BigDecimal scaled = amount.setScale(digits(currency), RoundingMode.UNNECESSARY);
        totals.merge(key, scaled, BigDecimal::add);
        lineCounts.merge(key, 1, Integer::sum);
        subscriptionTotals.merge(id + "@" + period, scaled, BigDecimal::add);
        term.add(scaled);
    }

    static Instant end(Instant anchor, boolean annual, int termNumber) {
        return anchor.atZone(ZoneOffset.UTC).plusMonths((long) termNumber * (annual ? 12 : 1)).toInstant();
    }

    static BigDecimal price(Random random, String currency) {
        return digits(currency) == 0 ? BigDecimal.valueOf(100 + random.nextInt(9900))
                : BigDecimal.valueOf(100 + random.nextInt(9900), 2);
    }

    static int digits(String currency) {
        return Currency.getInstance(currency).getDefaultFractionDigits();
    }

    static Money money(BigDecimal amount, String currency) {
        return new Money(amount, currency);
    }

    static LocalDate utcDay(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** The response as served, every number an exact decimal (never through a double). */
    JsonNode exact(String path) {
        try {
            return EXACT.readTree(http.getForObject(path, String.class));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final com.fasterxml.jackson.databind.ObjectMapper EXACT = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    /** The simulations' events the consumer has taken in (the inbox also holds other tests' events). */
    long inboxCount() {
        return jdbc.sql("SELECT count(*) FROM inbox WHERE consumer = 'subscription-events' AND event_id IN (SELECT unnest(:ids))")
                .param("ids", SENT.toArray(new UUID[0])).query(Long.class).single();
    }

    boolean projectionCaughtUp() {
        JsonNode status = http.getForObject("/admin/projections/billing-projection", JsonNode.class);
        return status.path("position").asLong() >= status.path("head").asLong();
    }

    long dueMonths(LocalDate by) {
        return jdbc.sql("SELECT count(*) FROM billing_cycle_due WHERE subscription_id LIKE :p AND next_month_start <= :by")
                .param("p", "sim-" + run + "-%").param("by", by).query(Long.class).single();
    }

    long issuedFor(YearMonth month) {
        return jdbc.sql("SELECT count(*) FROM invoice WHERE partner_id LIKE :p AND billing_period = :m")
                .param("p", "sim-" + run + "-%").param("m", month.toString()).query(Long.class).single();
    }

    /** The calendar month an invoice bills (Partner Center gives its first day as an instant, 00:00 UTC). */
    static YearMonth periodOf(JsonNode invoice) {
        return YearMonth.from(LocalDate.ofInstant(Instant.parse(invoice.path("billingPeriodStartDate").asText()), ZoneOffset.UTC));
    }
}
