package com.cspmarket.subscription.subscription;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;
import com.cspmarket.events.Topics;
import com.cspmarket.events.catalog.OfferPublished;
import com.cspmarket.events.catalog.SkuPriceChanged;
import com.cspmarket.events.order.OrderPlaced;
import com.cspmarket.events.subscription.SubscriptionExpired;
import com.cspmarket.events.subscription.SubscriptionQuantityDecreaseScheduled;
import com.cspmarket.events.subscription.SubscriptionQuantityIncreased;
import com.cspmarket.events.subscription.SubscriptionRenewed;
import com.cspmarket.kit.MovableClock;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.local.TopicRecorder;
import com.cspmarket.local.TopicWriter;
import com.cspmarket.subscription.ServiceIT;
import com.fasterxml.jackson.databind.JsonNode;
import com.cspmarket.local.RepeatableTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The business clock ends terms: renewal at the catalog price of the renewal day (fed over Kafka), expiry when
 * auto-renew is off, a clock jump catching up term after term, each term ending exactly once; quantity PATCHes.
 */
class RenewalsIT extends ServiceIT {

    @Autowired
    TestRestTemplate http;

    @Autowired
    MovableClock clock;

    @Autowired
    JdbcClient jdbc;

    final String bootstrap = SharedInfrastructure.get().kafka().bootstrapServers();

    void send(String topic, String key, IntegrationEvent event) {
        try (TopicWriter kafka = new TopicWriter(bootstrap)) {
            kafka.send(topic, key, EventCodec.encode(EventEnvelope.of(UUID.randomUUID(), clock.instant(), null, null, event)));
        }
    }

    ResponseEntity<JsonNode> patch(String url, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(url, HttpMethod.PATCH, new HttpEntity<>(json, headers), JsonNode.class);
    }

    List<IntegrationEvent> published(TopicRecorder kafka, String subscriptionId) {
        return kafka.eventsOf(subscriptionId).stream().map(EventEnvelope::payload).toList(); // each event once
    }

    /** A monthly plan of 1..10 seats at 10.00 USD, and an order of two lines (3 and 2 seats), both activated. */
    List<String> activatedPair(String offerId) {
        send(Topics.CATALOG_OFFERS, offerId, new OfferPublished(offerId, "Renewable", new OfferPublished.Publisher(
                "contoso", "Contoso", "support@contoso.example"), "SaaS", true, List.of("US"),
                List.of(new OfferPublished.Sku("seats", "Seats", "P1M", "MONTHLY", 1, 10, List.of(
                        new OfferPublished.Price("US", new Money(new BigDecimal("10.00"), "USD"), LocalDate.parse("2020-01-01")))))));
        String orderId = "order-" + UUID.randomUUID();
        String customerId = "customer-" + UUID.randomUUID();
        Money quoted = new Money(new BigDecimal("10.00"), "USD");
        send(Topics.ORDERS, orderId, new OrderPlaced(orderId, "partner-1", customerId, "US", clock.instant(), List.of(
                new OrderPlaced.LineItem(1, offerId, "Renewable", "Contoso", "seats", 3, "P1M", "MONTHLY", quoted),
                new OrderPlaced.LineItem(2, offerId, "Renewable", "Contoso", "seats", 2, "P1M", "MONTHLY", quoted))));
        String base = "/v1/customers/" + customerId + "/subscriptions";
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.getForObject(base, JsonNode.class).path("totalCount").asInt() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                jdbc.sql("SELECT count(*) FROM plan WHERE offer_id = :o").param("o", offerId).query(Integer.class).single() == 1);
        List<String> urls = new java.util.ArrayList<>();
        http.getForObject(base, JsonNode.class).path("items").forEach(item -> urls.add(base + "/" + item.path("id").asText()));
        for (String url : urls) {
            String link = http.getForObject(url + "/activationlinks", JsonNode.class).path("items").get(0).path("link").path("uri").asText()
                    .replaceFirst("^https?://[^/]+", "");
            assertThat(http.postForEntity(link, null, JsonNode.class).getStatusCode().is2xxSuccessful()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    http.getForObject(url, JsonNode.class).path("status").asText().equals("active"));
        }
        return urls;
    }

    static JsonNode forecastOf(JsonNode upcoming, String subscriptionId) {
        for (JsonNode item : upcoming.path("items")) {
            if (item.path("subscriptionId").asText().equals(subscriptionId)) {
                return item;
            }
        }
        throw new AssertionError(subscriptionId + " not among the upcoming term ends: " + upcoming);
    }

    @RepeatableTest
    void renewsAtTheCatalogPriceOfTheRenewalDayOnceAndExpiresWhenAutoRenewIsOff() {
        String offerId = "renewable-" + UUID.randomUUID();
        List<String> pair = activatedPair(offerId);
        String renewing = pair.get(0);
        String expiring = pair.get(1);
        JsonNode first = http.getForObject(renewing, JsonNode.class);
        String renewingId = first.path("id").asText();
        String expiringId = http.getForObject(expiring, JsonNode.class).path("id").asText();
        Instant termEnd = Instant.parse(first.path("commitmentEndDate").asText());

        try (TopicRecorder kafka = new TopicRecorder(bootstrap, Topics.SUBSCRIPTIONS)) {
            // seats: 3 -> 5 now; then 4 from the renewal on; out of the plan's limits is refused and changes nothing
            clock.moveTo(clock.instant().plus(Duration.ofDays(3)));
            assertThat(patch(renewing, "{\"quantity\":5}").getStatusCode()).isEqualTo(HttpStatus.OK);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    http.getForObject(renewing, JsonNode.class).path("quantity").asInt() == 5);
            ResponseEntity<JsonNode> tooMany = patch(renewing, "{\"quantity\":11}");
            assertThat(tooMany.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(tooMany.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat(tooMany.getBody().path("detail").asText()).contains("between 1 and 10");
            assertThat(patch(renewing, "{\"quantity\":4}").getStatusCode()).isEqualTo(HttpStatus.OK);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    http.getForObject(renewing, JsonNode.class).path("scheduledNextTermInstructions").path("quantity").asInt() == 4);
            assertThat(http.getForObject(renewing, JsonNode.class).path("quantity").asInt()).isEqualTo(5);
            assertThat(patch(expiring, "{\"autoRenewEnabled\":false}").getStatusCode()).isEqualTo(HttpStatus.OK);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    !http.getForObject(expiring, JsonNode.class).path("autoRenewEnabled").asBoolean());

            // the price changes on the renewal day (UTC); the day before it still costs 10.00
            LocalDate renewalDay = LocalDate.ofInstant(termEnd, ZoneOffset.UTC);
            send(Topics.CATALOG_OFFERS, offerId, new SkuPriceChanged(offerId, "seats", "US",
                    new Money(new BigDecimal("11.25"), "USD"), renewalDay));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM plan_price WHERE offer_id = :o").param("o", offerId).query(Integer.class).single() == 2);

            // the forecast a billing admin reads: what the term end will do, at the renewal day's price (from the
            // read model, which follows the subscription's events: eventually, not at once)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode upcoming = http.getForObject("/v1/subscriptions/renewals?days=40&partnerId=partner-1", JsonNode.class);
                JsonNode renews = forecastOf(upcoming, renewingId);
                assertThat(Instant.parse(renews.path("renewsAt").asText())).isEqualTo(termEnd);
                assertThat(renews.path("currentUnitPrice").decimalValue()).isEqualByComparingTo("10.00");
                assertThat(renews.path("newUnitPrice").decimalValue()).isEqualByComparingTo("11.25");
                assertThat(renews.path("nextTermQuantity").asInt()).isEqualTo(4);
                assertThat(renews.path("nextTermTotal").decimalValue()).isEqualByComparingTo("45.00");
                assertThat(renews.has("expiresBecause")).isFalse();
                JsonNode expires = forecastOf(upcoming, expiringId);
                assertThat(expires.path("expiresBecause").asText()).isEqualTo("AUTO_RENEW_OFF");
                assertThat(expires.has("newUnitPrice")).isFalse();
            });
            ResponseEntity<JsonNode> badDays = http.getForEntity("/v1/subscriptions/renewals?days=0&partnerId=partner-1",
                    JsonNode.class);
            assertThat(badDays.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(badDays.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat(http.getForEntity("/v1/subscriptions/renewals", JsonNode.class).getStatusCode())
                    .as("an operator names the partner").isEqualTo(HttpStatus.BAD_REQUEST);

            clock.moveTo(termEnd);
            // every answer tells the business time: a client counts down to a deadline from it, not from its own clock
            Instant answeredAt = Instant.parse(http.getForEntity(renewing, JsonNode.class).getHeaders()
                    .getFirst("Platform-Business-Time"));
            assertThat(answeredAt).isBetween(termEnd, termEnd.plus(Duration.ofMinutes(1)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode renewed = http.getForObject(renewing, JsonNode.class);
                assertThat(renewed.path("platform").path("termNumber").asInt()).isEqualTo(2);
                assertThat(renewed.path("status").asText()).isEqualTo("active");
                assertThat(renewed.path("effectiveStartDate").asText()).isEqualTo(termEnd.toString());
                assertThat(renewed.path("platform").path("unitPrice").decimalValue()).isEqualByComparingTo("11.25");
                assertThat(renewed.path("quantity").asInt()).isEqualTo(4);
                assertThat(renewed.has("scheduledNextTermInstructions")).isFalse();
                assertThat(Instant.parse(renewed.path("cancellationAllowedUntilDate").asText()))
                        .isEqualTo(termEnd.plus(Duration.ofHours(24)));
                JsonNode expired = http.getForObject(expiring, JsonNode.class);
                assertThat(expired.path("status").asText()).isEqualTo("expired");
                assertThat(expired.path("platform").path("expiryReason").asText()).isEqualTo("AUTO_RENEW_OFF");
            });
            // a quantity unlike either one's (the pair comes back in either order; an unchanged quantity is no change)
            ResponseEntity<JsonNode> afterExpiry = patch(expiring, "{\"quantity\":7}");
            assertThat(afterExpiry.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

            // the clock jumps two more months: both terms end, one after the other, and none twice
            Instant secondEnd = Instant.parse(http.getForObject(renewing, JsonNode.class).path("commitmentEndDate").asText());
            clock.moveTo(secondEnd.plus(Duration.ofDays(40)));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    http.getForObject(renewing, JsonNode.class).path("platform").path("termNumber").asInt() == 4);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<SubscriptionRenewed> renewals = published(kafka, renewingId).stream()
                        .filter(SubscriptionRenewed.class::isInstance).map(SubscriptionRenewed.class::cast).toList();
                assertThat(renewals).extracting(SubscriptionRenewed::termNumber).containsExactly(2, 3, 4);
                assertThat(renewals.get(0).unitPrice().amount()).isEqualByComparingTo("11.25");
                assertThat(renewals.get(0).quantity()).isEqualTo(4);
                assertThat(renewals.get(1).termStart()).isEqualTo(renewals.get(0).termEnd());
                assertThat(published(kafka, renewingId)).hasAtLeastOneElementOfType(SubscriptionQuantityIncreased.class)
                        .hasAtLeastOneElementOfType(SubscriptionQuantityDecreaseScheduled.class);
                assertThat(published(kafka, expiringId)).filteredOn(SubscriptionExpired.class::isInstance).hasSize(1);
                assertThat(published(kafka, expiringId)).noneMatch(SubscriptionRenewed.class::isInstance);
            });
        }
        JsonNode history = http.getForObject(renewing + "/history", JsonNode.class);
        assertThat(history.path("items").findValuesAsText("type")).containsSubsequence(
                "SubscriptionActivated", "QuantityIncreased", "QuantityDecreaseScheduled", "SubscriptionRenewed",
                "SubscriptionRenewed", "SubscriptionRenewed");
        // who asked: the caller of a PATCH; the platform's own renewals have no actor
        for (JsonNode entry : history.path("items")) {
            switch (entry.path("type").asText()) {
                case "QuantityIncreased", "QuantityDecreaseScheduled" ->
                        assertThat(entry.path("actor").asText()).as(entry.toString()).isNotBlank();
                case "SubscriptionRenewed" -> assertThat(entry.has("actor")).as(entry.toString()).isFalse();
                default -> { }
            }
        }
        JsonNode asOfFirstTerm = http.getForObject(renewing + "?asOf=" + termEnd.minusSeconds(1), JsonNode.class);
        assertThat(asOfFirstTerm.path("platform").path("termNumber").asInt()).isEqualTo(1);
        assertThat(asOfFirstTerm.path("platform").path("unitPrice").decimalValue()).isEqualByComparingTo("10.00");
    }

    @RepeatableTest
    void aQuantityForAPlanTheServiceDoesNotKnowIsAConflictAndChangesNothing() {
        String orderId = "order-" + UUID.randomUUID();
        String customerId = "customer-" + UUID.randomUUID();
        send(Topics.ORDERS, orderId, new OrderPlaced(orderId, "partner-1", customerId, "US", clock.instant(), List.of(
                new OrderPlaced.LineItem(1, "unknown-" + UUID.randomUUID(), "Unknown", "Nobody", "seats", 3, "P1M",
                        "MONTHLY", new Money(new BigDecimal("10.00"), "USD")))));
        String base = "/v1/customers/" + customerId + "/subscriptions";
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.getForObject(base, JsonNode.class).path("totalCount").asInt() == 1);
        String url = base + "/" + http.getForObject(base, JsonNode.class).path("items").get(0).path("id").asText();
        ResponseEntity<JsonNode> response = patch(url, "{\"quantity\":4}");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(response.getBody().path("type").asText()).endsWith("plan-unknown");
        assertThat(patch(url, "{\"quantity\":-1}").getStatusCode().is4xxClientError()).isTrue();
        assertThat(http.getForObject(url, JsonNode.class).path("quantity").asInt()).isEqualTo(3);
    }
}
