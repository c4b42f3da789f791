package com.cspmarket.billing.invoice;

import com.cspmarket.billing.ServiceIT;
import com.cspmarket.kit.MovableClock;
import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.Money;
import com.cspmarket.events.Topics;
import com.cspmarket.events.subscription.SubscriptionActivated;
import com.cspmarket.events.subscription.SubscriptionCancelled;
import com.cspmarket.events.subscription.SubscriptionExpired;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.events.subscription.SubscriptionQuantityDecreaseScheduled;
import com.cspmarket.events.subscription.SubscriptionQuantityIncreased;
import com.cspmarket.events.subscription.SubscriptionRenewed;
import com.cspmarket.local.DevTokens;
import com.cspmarket.local.RebuildCheck;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.local.TopicWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.cspmarket.local.RepeatableTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InvoicingIT extends ServiceIT {

    @LocalServerPort
    int port;

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovableClock clock;

    static SubscriptionPurchased purchase(String partner, String currency, String price, int quantity, String cycle, Instant at) {
        String id = UUID.randomUUID().toString();
        return new SubscriptionPurchased(id, "order-" + id, 1, partner, "customer-1", "contoso.crm", "Contoso CRM",
                "Contoso", "std", quantity, "P1M".equals(cycle) ? "P1M" : "P1Y", "P1M".equals(cycle) ? "MONTHLY" : "ANNUAL",
                new Money(new BigDecimal(price), currency), at, at, at.atZone(ZoneOffset.UTC).plusMonths(1).toInstant(),
                "https://activate.example/" + id);
    }

    /** The same purchase as order-service and subscription-service report it today: with market and names. */
    static SubscriptionPurchased withDetails(SubscriptionPurchased s) {
        return new SubscriptionPurchased(s.subscriptionId(), s.orderId(), s.orderLineNumber(), s.partnerId(),
                s.customerId(), s.offerId(), s.offerName(), s.publisherName(), s.skuId(), s.quantity(), s.term(),
                s.billingCycle(), s.unitPrice(), s.purchasedAt(), s.termStart(), s.termEnd(), s.activationLink(), "US",
                "Standard", "contoso", "Fabrikam, Inc.", "fabrikam.example", "CRM for sales");
    }

    static byte[] envelope(SubscriptionPurchased s) {
        return EventCodec.encode(EventEnvelope.of(UUID.randomUUID(), s.purchasedAt(), null, null, s));
    }

    static byte[] activation(SubscriptionPurchased s) {
        return EventCodec.encode(EventEnvelope.of(UUID.randomUUID(), s.purchasedAt(), null, null,
                new SubscriptionActivated(s.subscriptionId(), s.orderId(), s.partnerId(), s.customerId(),
                        s.termStart(), s.termStart(), s.termEnd())));
    }

    JsonNode get(String path) {
        return http.getForObject(path, JsonNode.class);
    }

    /**
     * The partner's unbilled line items in US dollars and yen (the currencies these tests bill), every page of the
     * previous and the current period: earlier billing periods first, as one list.
     */
    ArrayNode unbilled(String partner) {
        ArrayNode all = EventCodec.mapper().createArrayNode();
        for (String currency : List.of("USD", "JPY")) {
            for (String period : List.of("previous", "current")) {
                String uri = "/v1/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems"
                        + "&currencycode=" + currency + "&period=" + period + "&size=2&partnerId=" + partner;
                JsonNode page = get(uri);
                all.addAll((ArrayNode) page.path("items"));
                while (page.path("links").has("next")) {
                    JsonNode next = page.path("links").path("next");
                    HttpHeaders headers = new HttpHeaders();
                    headers.set(next.path("headers").get(0).path("key").asText(),
                            next.path("headers").get(0).path("value").asText());
                    page = http.exchange("/v1" + next.path("uri").asText(), HttpMethod.GET, new HttpEntity<>(headers),
                            JsonNode.class).getBody();
                    all.addAll((ArrayNode) page.path("items"));
                }
            }
        }
        return all;
    }

    /** An invoice's line items (Partner Center's one-time billing line items). */
    JsonNode lines(String invoiceId) {
        return get("/v1/invoices/" + invoiceId + "/lineitems/OneTime/BillingLineItems").path("items");
    }

    @RepeatableTest
    void chargesAreBilledOncePerPartnerAndCurrencyAndReleasedOnTheEighth() {
        String partner = "partner-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = midNextMonth(clock);
        YearMonth period = YearMonth.from(now.atZone(ZoneOffset.UTC));
        SubscriptionPurchased usdMonthly = withDetails(purchase(partner, "USD", "24.95", 3, "P1M", now));
        SubscriptionPurchased usdAnnual = purchase(partner, "USD", "120.00", 2, "P1Y", now);
        SubscriptionPurchased jpy = purchase(partner, "JPY", "450", 7, "P1M", now);
        byte[] usdMonthlyRecord = envelope(usdMonthly);
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            kafka.send(Topics.SUBSCRIPTIONS, usdMonthly.subscriptionId(), usdMonthlyRecord);
            kafka.send(Topics.SUBSCRIPTIONS, usdMonthly.subscriptionId(), usdMonthlyRecord);   // redelivered
            kafka.send(Topics.SUBSCRIPTIONS, usdMonthly.subscriptionId(), envelope(usdMonthly)); // re-published, new id
            kafka.send(Topics.SUBSCRIPTIONS, usdAnnual.subscriptionId(), envelope(usdAnnual));
            kafka.send(Topics.SUBSCRIPTIONS, jpy.subscriptionId(), envelope(jpy));
        }
        // nothing is billed before activation
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql(
                "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%PurchaseRecorded' AND aggregate_identifier IN (:ids)")
                .param("ids", List.of(usdMonthly.subscriptionId(), usdAnnual.subscriptionId(), jpy.subscriptionId()))
                .query(Long.class).single() == 3 && unbilled(partner).size() == 0);
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            byte[] activated = activation(usdMonthly);
            kafka.send(Topics.SUBSCRIPTIONS, usdMonthly.subscriptionId(), activated);
            kafka.send(Topics.SUBSCRIPTIONS, usdMonthly.subscriptionId(), activated);                 // redelivered
            kafka.send(Topics.SUBSCRIPTIONS, usdMonthly.subscriptionId(), activation(usdMonthly));    // re-published
            kafka.send(Topics.SUBSCRIPTIONS, usdAnnual.subscriptionId(), activation(usdAnnual));
            kafka.send(Topics.SUBSCRIPTIONS, jpy.subscriptionId(), activation(jpy));
            // the annual one is cancelled inside its window: a full refund, twice delivered
            byte[] cancelled = EventCodec.encode(EventEnvelope.of(UUID.randomUUID(), now, null, null,
                    new SubscriptionCancelled(usdAnnual.subscriptionId(), now.plusSeconds(60), "FULL", "REQUESTED")));
            kafka.send(Topics.SUBSCRIPTIONS, usdAnnual.subscriptionId(), cancelled);
            kafka.send(Topics.SUBSCRIPTIONS, usdAnnual.subscriptionId(), cancelled);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(unbilled(partner).size()).isEqualTo(4));
        assertThat(get("/v1/invoices?partnerId=" + partner).path("totalCount").asInt()).isZero();

        clock.moveTo(period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
                "SELECT count(*) FROM invoice WHERE partner_id = :p").param("p", partner).query(Integer.class).single()).isEqualTo(2));
        assertThat(get("/v1/invoices?partnerId=" + partner).path("totalCount").asInt()).isZero();

        clock.moveTo(period.plusMonths(1).atDay(8).atStartOfDay(ZoneOffset.UTC).toInstant());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/v1/invoices?partnerId=" + partner).path("totalCount").asInt()).isEqualTo(2));

        JsonNode invoices = get("/v1/invoices?partnerId=" + partner).path("items");
        assertThat(invoices.findValuesAsText("id")).containsExactlyInAnyOrder(partner + "-000001", partner + "-000002");
        for (JsonNode invoice : invoices) {
            if (invoice.path("currencyCode").asText().equals("USD")) {
                // 3 x 24.95 + 2 x 120.00 - 2 x 120.00 (annual cancelled inside its window, credited in full)
                assertThat(invoice.path("totalCharges").decimalValue()).isEqualTo(new BigDecimal("74.85"));
                assertThat(lines(invoice.path("id").asText())).hasSize(3);
            } else {
                assertThat(invoice.path("currencyCode").asText()).isEqualTo("JPY");
                assertThat(invoice.path("totalCharges").decimalValue()).isEqualTo(new BigDecimal("3150")); // 7 x 450
            }
            JsonNode lines = lines(invoice.path("id").asText());
            String csv = http.getForObject("/v1/invoices/" + invoice.path("id").asText() + "/lineitems.csv", String.class);
            java.util.List<String> rows = csv.lines().toList();
            assertThat(rows.get(0)).startsWith("InvoiceNumber,ChargeId,ChargeType,SubscriptionId");
            assertThat(rows).hasSize(lines.size() + 1);
            if (invoice.path("currencyCode").asText().equals("USD")) {
                assertThat(csv).contains(",\"Fabrikam, Inc.\","); // a name with a comma is quoted
            }
            assertThat(rows.stream().skip(1).map(r -> new BigDecimal(r.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")[15])).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualByComparingTo(invoice.path("totalCharges").decimalValue());
            for (JsonNode line : lines) {
                assertThat(line.path("platform").path("billingPeriod").asText()).isEqualTo(period.toString());
                assertThat(line.path("invoiceNumber").asText()).isEqualTo(invoice.path("id").asText());
                assertThat(line.path("billingProvider").asText()).isEqualTo("one_time");
                assertThat(line.path("invoiceLineItemType").asText()).isEqualTo("billing_line_items");
                assertThat(line.path("totalForCustomer").decimalValue()).isEqualTo(line.path("subtotal").decimalValue());
                JsonNode sources = line.path("platform").path("provenance").path("sourceEventIds");
                if (line.path("subscriptionId").asText().equals(usdMonthly.subscriptionId())) {
                    // what the order said, as Partner Center's line item names it
                    assertThat(line.path("customerName").asText()).isEqualTo("Fabrikam, Inc.");
                    assertThat(line.path("customerDomainName").asText()).isEqualTo("fabrikam.example");
                    assertThat(line.path("customerCountry").asText()).isEqualTo("US");
                    assertThat(line.path("availabilityId").asText()).isEqualTo("US");
                    assertThat(line.path("skuName").asText()).isEqualTo("Standard");
                    assertThat(line.path("publisherId").asText()).isEqualTo("contoso");
                    assertThat(line.path("subscriptionDescription").asText()).isEqualTo("CRM for sales");
                    assertThat(Instant.parse(line.path("orderDate").asText())).isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
                    assertThat(line.path("termAndBillingCycle").asText()).isEqualTo("One-Month commitment for monthly billing");
                    assertThat(line.path("productId").asText()).isEqualTo("contoso.crm");
                    assertThat(line.path("productName").asText()).isEqualTo("Contoso CRM");
                    assertThat(line.path("chargeStartDate").asText())
                            .isEqualTo(now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toString());
                } else {
                    // a purchase reported before these existed: named by ids only
                    assertThat(line.hasNonNull("customerName")).isFalse();
                    assertThat(line.hasNonNull("skuName")).isFalse();
                    assertThat(line.path("termAndBillingCycle").asText()).endsWith(" billing");
                }
                if (line.path("chargeType").asText().equals("cancelImmediate")) {
                    assertThat(line.path("subtotal").decimalValue()).isEqualByComparingTo("-240.00");
                    assertThat(sources).hasSize(3); // purchase, activation, cancellation
                } else {
                    assertThat(line.path("chargeType").asText()).isEqualTo("new");
                    assertThat(sources).hasSize(2); // the purchase and the activation
                }
            }
        }

        // audit: the partner's invoicing trail (issued by the period close, released on the 8th) and, per subscription,
        // the billing facts each with the integration event that caused it, the same ids the invoice lines name
        JsonNode invoicing = get("/admin/audit/invoicing-" + partner);
        assertThat(invoicing.path("items").findValuesAsText("type"))
                .containsExactly("InvoiceIssued", "InvoiceIssued", "InvoiceReleased", "InvoiceReleased");
        assertThat(invoicing.path("items").get(0).path("aggregateType").asText()).isEqualTo("PartnerInvoicing");
        JsonNode annual = get("/admin/audit/" + usdAnnual.subscriptionId());
        assertThat(annual.path("items").findValuesAsText("type"))
                .containsExactly("PurchaseRecorded", "ChargeRecorded", "ChargeRecorded");
        java.util.List<String> causes = new java.util.ArrayList<>();
        annual.path("items").forEach(item -> causes.add(item.path("sourceEventId").textValue()));
        assertThat(causes).hasSize(3).doesNotContainNull().doesNotHaveDuplicates();
        JsonNode credit = annual.path("items").get(2).path("data");
        assertThat(credit.path("chargeType").asText()).isEqualTo("CANCEL_CREDIT");
        for (JsonNode id : credit.path("sourceEventIds")) {
            assertThat(causes).contains(id.asText());
        }

        // the partner's billing admin reads its invoices; another partner, or another role, does not
        DevTokens tokens = DevTokens.forTests();
        String owner = tokens.partnerUser(partner, DevTokens.BILLING_ADMIN);
        String otherPartner = tokens.partnerUser("someone-else", DevTokens.BILLING_ADMIN);
        String invoiceId = invoices.get(0).path("id").asText();
        List<String> perInvoice = List.of("/v1/invoices/" + invoiceId,
                "/v1/invoices/" + invoiceId + "/lineitems/OneTime/BillingLineItems",
                "/v1/invoices/" + invoiceId + "/lineitems?provider=onetime&invoicelineitemtype=billinglineitems",
                "/v1/invoices/" + invoiceId + "/lineitems.csv");
        for (String path : perInvoice) {
            assertThat(as(owner, path).getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
            assertThat(as(otherPartner, path).getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(as(tokens.partnerUser(partner, DevTokens.ADMIN_AGENT, DevTokens.SALES_AGENT), path).getStatusCode())
                    .as(path).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(as(null, path).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        for (String list : List.of("/v1/invoices?", "/v1/invoices/unbilled/lineitems?provider=onetime"
                + "&invoicelineitemtype=billinglineitems&currencycode=USD&period=current&")) {
            assertThat(as(otherPartner, list + "partnerId=" + partner).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(as(owner, list + "partnerId=" + partner).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
        assertThat(json(as(owner, "/v1/invoices")).path("totalCount").asInt()).isEqualTo(2);
        assertThat(json(as(otherPartner, "/v1/invoices")).path("totalCount").asInt()).isZero();
    }

    ResponseEntity<String> as(String token, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, token == null ? "" : "Bearer " + token);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    static JsonNode json(ResponseEntity<String> response) {
        try {
            return EventCodec.mapper().readTree(response.getBody());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @RepeatableTest
    void rebuildingTheBillingProjectionByReplayGivesByteIdenticalInvoices() {
        long t0 = System.nanoTime();
        chargesAreBilledOncePerPartnerAndCurrencyAndReleasedOnTheEighth();
        // other tests' partners may still be closing or releasing: wait until the closer has nothing left to do
        await().atMost(Duration.ofSeconds(60)).until(this::closerIdle);
        System.out.printf("rebuild: closer idle after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        List<String> before = everyInvoiceAsServed();
        System.out.printf("rebuild: %d documents served after %.1f s%n", before.size(), (System.nanoTime() - t0) / 1e9);
        assertThat(before).isNotEmpty();
        // every projection of the service (here: billing-projection) rebuilt by replay, its tables compared with
        // the live ones; then every invoice as served, byte for byte
        List<String> projections = RebuildCheck.projections(port);
        assertThat(projections).contains("billing-projection");
        for (String projection : projections) {
            JsonNode fingerprint = RebuildCheck.assertRebuildReproduces(port, projection);
            // billing's digest names the invoices and each line with the invoice it is on (positions left out, V9)
            assertThat(fingerprint.path("tables").path("invoice_as_issued").path("rows").asLong()).isPositive();
            assertThat(fingerprint.path("tables").path("charge_line_on_invoice").path("rows").asLong()).isPositive();
        }
        System.out.printf("rebuild: replayed and compared after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(everyInvoiceAsServed()).isEqualTo(before);
        assertThat(http.postForEntity("/admin/projections/no-such-processor/rebuild", null, JsonNode.class)
                .getStatusCode().value()).isEqualTo(404);
    }

    /**
     * Nothing the closer would still do: no closed month with charges to invoice (a charge that arrived after its
     * partner's invoice waits for the next month), no invoice due but unreleased, and the projection caught up.
     */
    boolean closerIdle() {
        Instant now = clock.instant();
        YearMonth lastClosed = YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(1);
        JsonNode status = get("/admin/projections/billing-projection");
        return status.path("position").asLong() >= status.path("head").asLong()
                && jdbc.sql("""
                                SELECT count(*) FROM charge_line_on_invoice c WHERE c.invoice_id IS NULL AND c.billing_period <= :p
                                  AND NOT EXISTS (SELECT 1 FROM invoice i WHERE i.partner_id = c.partner_id
                                                  AND i.currency = c.currency AND i.billing_period = :p)""")
                        .param("p", lastClosed.toString()).query(Long.class).single() == 0
                && jdbc.sql("SELECT count(*) FROM invoice WHERE released_at IS NULL AND release_at <= :now")
                        .param("now", now.atOffset(ZoneOffset.UTC)).query(Long.class).single() == 0
                // and no month of a monthly-billed longer term (other tests' simulated years) is due to be charged
                && jdbc.sql("SELECT count(*) FROM billing_cycle_due WHERE next_month_start <= :today")
                        .param("today", LocalDate.ofInstant(now, ZoneOffset.UTC)).query(Long.class).single() == 0;
    }

    /** Released invoices, their line items and their CSVs, exactly as the API serves them. */
    List<String> everyInvoiceAsServed() {
        List<String> served = new java.util.ArrayList<>();
        // this class's partners, and every tenth of the simulated years' (the fingerprint compares every row of every
        // invoice anyway; serving ~6,000 documents twice would take a minute of the build)
        List<String> partners = jdbc.sql("SELECT DISTINCT partner_id FROM invoice ORDER BY 1").query(String.class).list();
        for (String partner : java.util.stream.IntStream.range(0, partners.size())
                .filter(i -> partners.get(i).startsWith("partner-") || i % 10 == 0).mapToObj(partners::get).toList()) {
            String list = http.getForObject("/v1/invoices?partnerId=" + partner, String.class);
            served.add(list);
            for (JsonNode invoice : get("/v1/invoices?partnerId=" + partner).path("items")) {
                String id = invoice.path("id").asText();
                served.add(http.getForObject("/v1/invoices/" + id, String.class));
                served.add(http.getForObject("/v1/invoices/" + id + "/lineitems/OneTime/BillingLineItems", String.class));
                served.add(http.getForObject("/v1/invoices/" + id + "/lineitems.csv", String.class));
            }
        }
        return served;
    }

    @RepeatableTest
    void renewalsAndAddedSeatsAreChargedOnceAndExpiryChargesNothing() {
        String partner = "partner-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = midNextMonth(clock);
        SubscriptionPurchased monthly = purchase(partner, "USD", "10.00", 3, "P1M", start);
        String id = monthly.subscriptionId();
        Instant increaseAt = start.plus(Duration.ofDays(10));
        Instant secondEnd = monthly.termEnd().atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        UUID expiryId = UUID.randomUUID();
        byte[] increased = event(increaseAt, new SubscriptionQuantityIncreased(id, 3, 5, increaseAt, start,
                monthly.termEnd(), new Money(new BigDecimal("10.00"), "USD")));
        byte[] renewed = event(monthly.termEnd(), new SubscriptionRenewed(id, 2, monthly.termEnd(), secondEnd, 4,
                new Money(new BigDecimal("11.25"), "USD"), monthly.termEnd(), monthly.termEnd().plus(Duration.ofHours(24))));
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            kafka.send(Topics.SUBSCRIPTIONS, id, envelope(monthly));
            kafka.send(Topics.SUBSCRIPTIONS, id, activation(monthly));
            kafka.send(Topics.SUBSCRIPTIONS, id, increased);
            kafka.send(Topics.SUBSCRIPTIONS, id, increased);                                  // redelivered
            kafka.send(Topics.SUBSCRIPTIONS, id, event(increaseAt, new SubscriptionQuantityDecreaseScheduled(id, 5, 4,
                    increaseAt.plusSeconds(60), monthly.termEnd())));
            kafka.send(Topics.SUBSCRIPTIONS, id, renewed);
            kafka.send(Topics.SUBSCRIPTIONS, id, renewed);                                    // redelivered
            kafka.send(Topics.SUBSCRIPTIONS, id, EventCodec.encode(EventEnvelope.of(expiryId, secondEnd, null, null,
                    new SubscriptionExpired(id, secondEnd, "AUTO_RENEW_OFF"))));
        }
        // independent reference: 2 added seats for the whole UTC days left of the first term, half up to the cent
        LocalDate termStart = LocalDate.ofInstant(start, ZoneOffset.UTC);
        LocalDate termEnd = LocalDate.ofInstant(monthly.termEnd(), ZoneOffset.UTC);
        long daysLeft = java.time.temporal.ChronoUnit.DAYS.between(LocalDate.ofInstant(increaseAt, ZoneOffset.UTC), termEnd);
        long termDays = java.time.temporal.ChronoUnit.DAYS.between(termStart, termEnd);
        BigDecimal prorated = new BigDecimal("20.00").multiply(BigDecimal.valueOf(daysLeft))
                .divide(BigDecimal.valueOf(termDays), 2, java.math.RoundingMode.HALF_UP);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode lines = unbilled(partner);
            assertThat(lines.findValuesAsText("chargeType")).containsExactly("new", "addQuantity", "renew");
            assertThat(lines.get(0).path("subtotal").decimalValue()).isEqualByComparingTo("30.00");
            assertThat(lines.get(1).path("subtotal").decimalValue()).isEqualByComparingTo(prorated);
            assertThat(lines.get(1).path("quantity").asInt()).isEqualTo(2);
            assertThat(lines.get(2).path("subtotal").decimalValue()).isEqualByComparingTo("45.00"); // 4 x 11.25
            assertThat(lines.get(2).path("chargeStartDate").asText())
                    .isEqualTo(termEnd.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
            assertThat(lines.get(2).path("platform").path("billingPeriod").asText()).isEqualTo(YearMonth.from(termEnd).toString());
        });
        // the expiry was consumed, and charged nothing
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM inbox WHERE consumer = 'subscription-events' AND event_id = :id")
                .param("id", expiryId).query(Long.class).single() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                unbilled(partner).size() == 3);
    }

    /**
     * Every line reconciles on its own: quantity x unit price = amount, or (prorated) x days / of days rounded half up;
     * a refund after added seats is one credit per charge, each naming the charge it reverses (the audit found one
     * line of "6 x -10.00" for -53.55).
     */
    @RepeatableTest
    void aRefundAfterAddedSeatsIsOneCreditPerChargeAndEveryLineReconciles() {
        String partner = "partner-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = midNextMonth(clock);
        SubscriptionPurchased monthly = purchase(partner, "USD", "10.00", 3, "P1M", start);
        String id = monthly.subscriptionId();
        Instant increaseAt = start.plus(Duration.ofHours(2));
        Instant cancelledAt = start.plus(Duration.ofHours(20)); // inside the 24 h window
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            kafka.send(Topics.SUBSCRIPTIONS, id, envelope(monthly));
            kafka.send(Topics.SUBSCRIPTIONS, id, activation(monthly));
            kafka.send(Topics.SUBSCRIPTIONS, id, event(increaseAt, new SubscriptionQuantityIncreased(id, 3, 6, increaseAt,
                    start, monthly.termEnd(), new Money(new BigDecimal("10.00"), "USD"))));
            kafka.send(Topics.SUBSCRIPTIONS, id, event(cancelledAt, new SubscriptionCancelled(id, cancelledAt, "FULL", "REQUESTED")));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode lines = unbilled(partner);
            assertThat(lines.findValuesAsText("chargeType"))
                    .containsExactlyInAnyOrder("new", "addQuantity", "cancelImmediate", "cancelImmediate");
            BigDecimal sum = BigDecimal.ZERO;
            java.util.Map<String, JsonNode> byId = new java.util.HashMap<>();
            lines.forEach(line -> byId.put(line.path("platform").path("chargeId").asText(), line));
            for (JsonNode line : lines) {
                BigDecimal product = line.path("unitPrice").decimalValue().multiply(BigDecimal.valueOf(line.path("quantity").asInt()));
                JsonNode proration = line.path("platform").path("proration");
                if (!proration.isMissingNode()) {
                    product = product.multiply(BigDecimal.valueOf(proration.path("days").asLong()))
                            .divide(BigDecimal.valueOf(proration.path("ofDays").asLong()), 2, java.math.RoundingMode.HALF_UP);
                }
                assertThat(line.path("subtotal").decimalValue()).as(line.toString()).isEqualByComparingTo(product);
                sum = sum.add(line.path("subtotal").decimalValue());
                if (line.path("chargeType").asText().equals("cancelImmediate")) {
                    String reverses = line.path("platform").path("reversesChargeId").asText();
                    JsonNode reversed = byId.get(reverses);
                    assertThat(reversed).as("the charge " + reverses + " a credit reverses").isNotNull();
                    assertThat(line.path("quantity").asInt()).isEqualTo(reversed.path("quantity").asInt());
                    assertThat(line.path("subtotal").decimalValue()).isEqualByComparingTo(reversed.path("subtotal").decimalValue().negate());
                }
            }
            assertThat(sum).isEqualByComparingTo("0"); // refunded in full
        });
        // a continuation token continues its own query only (same partner, currency and period)
        String first = "/v1/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems"
                + "&period=current&size=1&partnerId=" + partner + "&currencycode=";
        JsonNode page = get(first + "USD");
        assertThat(page.path("items")).hasSize(1);
        String token = page.path("continuationToken").asText();
        assertThat(page.path("links").path("next").path("headers").get(0).path("value").asText()).isEqualTo(token);
        HttpHeaders continuation = new HttpHeaders();
        continuation.set("MS-ContinuationToken", token);
        assertThat(http.exchange(first + "USD&seekOperation=Next", HttpMethod.GET, new HttpEntity<>(continuation),
                JsonNode.class).getBody().path("items").get(0).path("platform").path("chargeId").asText())
                .isNotEqualTo(page.path("items").get(0).path("platform").path("chargeId").asText());
        var otherQuery = http.exchange(first + "JPY&seekOperation=Next", HttpMethod.GET, new HttpEntity<>(continuation),
                JsonNode.class);
        assertThat(otherQuery.getStatusCode().value()).isEqualTo(400);
        assertThat(otherQuery.getBody().path("type").asText()).endsWith("/invalid-continuation");
    }

    /**
     * Unbilled means on no invoice yet: once a month is closed its lines are on the issued invoice, which the billing
     * admin sees as "issued, available on the 8th" (without its content); unbilled shows only the new month.
     */
    @RepeatableTest
    void aClosedMonthLeavesUnbilledForItsIssuedInvoiceWhichIsAnnouncedUntilItIsReleased() {
        String partner = "partner-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = midNextMonth(clock);
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        SubscriptionPurchased first = purchase(partner, "USD", "24.95", 2, "P1M", now);
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            kafka.send(Topics.SUBSCRIPTIONS, first.subscriptionId(), envelope(first));
            kafka.send(Topics.SUBSCRIPTIONS, first.subscriptionId(), activation(first));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                unbilled(partner).size() == 1);

        Instant closed = month.plusMonths(1).atDay(1).atTime(6, 0).toInstant(ZoneOffset.UTC);
        clock.moveTo(closed);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode issued = get("/v1/invoices/issued?partnerId=" + partner);
            assertThat(issued.path("totalCount").asInt()).isEqualTo(1);
            JsonNode invoice = issued.path("items").get(0);
            assertThat(invoice.path("status").asText()).isEqualTo("issued");
            assertThat(invoice.path("billingPeriod").asText()).isEqualTo(month.toString());
            assertThat(Instant.parse(invoice.path("availableOn").asText()))
                    .isEqualTo(month.plusMonths(1).atDay(8).atStartOfDay(ZoneOffset.UTC).toInstant());
            assertThat(invoice.has("totalCharges")).isFalse(); // the content waits for the release
            assertThat(unbilled(partner).size()).isZero();
        });
        SubscriptionPurchased second = purchase(partner, "USD", "10.00", 1, "P1M", closed.plusSeconds(60));
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            kafka.send(Topics.SUBSCRIPTIONS, second.subscriptionId(), envelope(second));
            kafka.send(Topics.SUBSCRIPTIONS, second.subscriptionId(), activation(second));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(unbilled(partner).findValuesAsText("billingPeriod")).containsExactly(month.plusMonths(1).toString());
        });
        assertThat(get("/v1/invoices?partnerId=" + partner).path("totalCount").asInt()).isZero();

        clock.moveTo(month.plusMonths(1).atDay(8).atStartOfDay(ZoneOffset.UTC).toInstant());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get("/v1/invoices?partnerId=" + partner).path("totalCount").asInt()).isEqualTo(1);
            assertThat(get("/v1/invoices/issued?partnerId=" + partner).path("totalCount").asInt()).isZero();
        });
    }

    /** The clock passes three month ends at once: each month gets its own invoice, numbered in month order. */
    @RepeatableTest
    void everyMonthGetsItsOwnInvoiceWhenTheClockPassesSeveralMonthEndsAtOnce() {
        String partner = "partner-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = midNextMonth(clock);
        YearMonth first = YearMonth.from(start.atZone(ZoneOffset.UTC));
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            for (int m = 0; m < 3; m++) {
                SubscriptionPurchased s = purchase(partner, "USD", "10.00", m + 1, "P1M",
                        first.plusMonths(m).atDay(12).atStartOfDay(ZoneOffset.UTC).toInstant());
                kafka.send(Topics.SUBSCRIPTIONS, s.subscriptionId(), envelope(s));
                kafka.send(Topics.SUBSCRIPTIONS, s.subscriptionId(), activation(s));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                unbilled(partner).size() == 3);
        clock.moveTo(first.plusMonths(3).atDay(9).atStartOfDay(ZoneOffset.UTC).toInstant());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode invoices = get("/v1/invoices?partnerId=" + partner);
            assertThat(invoices.path("totalCount").asInt()).isEqualTo(3);
            for (int m = 0; m < 3; m++) {
                JsonNode invoice = invoices.path("items").get(m);
                assertThat(invoice.path("id").asText()).isEqualTo(partner + "-00000" + (m + 1));
                assertThat(invoice.path("billingPeriodStartDate").asText())
                        .isEqualTo(first.plusMonths(m).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
                assertThat(lines(invoice.path("id").asText())).hasSize(1);
                assertThat(invoice.path("totalCharges").decimalValue()).isEqualByComparingTo(
                        new BigDecimal("10.00").multiply(BigDecimal.valueOf(m + 1)));
            }
        });
    }

    static byte[] event(Instant at, com.cspmarket.events.IntegrationEvent payload) {
        return EventCodec.encode(EventEnvelope.of(UUID.randomUUID(), at, null, null, payload));
    }

    @RepeatableTest
    void anUnreleasedOrUnknownInvoiceIsNotFound() {
        var response = http.getForEntity("/v1/invoices/" + UUID.randomUUID(), JsonNode.class);
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody().path("type").asText()).endsWith("/invoice-not-found");
        assertThat(http.getForEntity("/v1/invoices?partnerId=", JsonNode.class).getStatusCode().value()).isEqualTo(400);
        String unbilled = "/v1/invoices/unbilled/lineitems?invoicelineitemtype=billinglineitems&partnerId=partner-x&";
        for (String bad : List.of("provider=office&currencycode=USD&period=current",      // not a provider billed here
                "provider=onetime&period=current",                                      // no currency
                "provider=onetime&currencycode=USD&period=lastyear",                    // no such period
                "provider=onetime&currencycode=USD&period=current&size=0",
                "provider=onetime&currencycode=USD&period=current&size=2001",
                "provider=onetime&currencycode=USD&period=current&seekOperation=Next")) { // no token
            var problem = http.getForEntity(unbilled + bad, JsonNode.class);
            assertThat(problem.getStatusCode().value()).as(bad).isEqualTo(400);
            assertThat(problem.getHeaders().getContentType().toString()).as(bad).startsWith("application/problem+json");
            assertThat(problem.getBody().path("code").asText()).as(bad).matches("\\d{6}");
            assertThat(problem.getBody().path("description").asText()).as(bad).isNotBlank();
        }
        HttpHeaders forged = new HttpHeaders();
        forged.set("MS-ContinuationToken", "not-a-token");
        var invalid = http.exchange(unbilled + "provider=onetime&currencycode=USD&period=current&seekOperation=Next",
                HttpMethod.GET, new HttpEntity<>(forged), JsonNode.class);
        assertThat(invalid.getStatusCode().value()).isEqualTo(400);
        assertThat(invalid.getBody().path("type").asText()).endsWith("/invalid-continuation");
        assertThat(invalid.getBody().path("code").asText()).isEqualTo("640004");
    }
}
