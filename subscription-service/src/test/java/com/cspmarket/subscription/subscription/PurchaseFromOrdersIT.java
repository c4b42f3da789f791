package com.cspmarket.subscription.subscription;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.Money;
import com.cspmarket.events.Topics;
import com.cspmarket.events.order.OrderPlaced;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.local.TopicRecorder;
import com.cspmarket.local.TopicWriter;
import com.cspmarket.subscription.ServiceIT;
import com.fasterxml.jackson.databind.JsonNode;
import com.cspmarket.local.RepeatableTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PurchaseFromOrdersIT extends ServiceIT {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    com.cspmarket.kit.MovableClock clock;

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @RepeatableTest
    void eachOrderLineBecomesOneSubscriptionEvenWhenTheOrderIsDeliveredTwice() {
        String orderId = "order-" + UUID.randomUUID();
        String customerId = "customer-" + UUID.randomUUID();
        OrderPlaced order = new OrderPlaced(orderId, "partner-1", customerId, "US", Instant.parse("2028-01-31T12:00:00Z"),
                List.of(new OrderPlaced.LineItem(1, "contoso.crm", "Contoso CRM", "Contoso", "monthly", 3, "P1M", "MONTHLY",
                                new Money(new BigDecimal("12.50"), "USD")),
                        new OrderPlaced.LineItem(2, "fabrikam.backup", "Fabrikam Backup", "Fabrikam", "per-user", 10, "P1Y",
                                "ANNUAL", new Money(new BigDecimal("36.00"), "USD"))));
        byte[] record = EventCodec.encode(EventEnvelope.of(UUID.randomUUID(), order.placedAt(), "corr-" + orderId, null, order));
        String bootstrap = SharedInfrastructure.get().kafka().bootstrapServers();

        try (TopicRecorder subscriptions = new TopicRecorder(bootstrap, Topics.SUBSCRIPTIONS);
             TopicWriter orders = new TopicWriter(bootstrap)) {
            orders.send(Topics.ORDERS, orderId, record);
            orders.send(Topics.ORDERS, orderId, record);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode list = http.getForObject("/v1/customers/" + customerId + "/subscriptions", JsonNode.class);
                assertThat(list.path("totalCount").asInt()).isEqualTo(2);
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(subscriptions.events().stream()
                    .filter(e -> e.payload() instanceof SubscriptionPurchased s && s.orderId().equals(orderId)))
                    .hasSize(2));

            List<SubscriptionPurchased> published = subscriptions.events().stream()
                    .filter(e -> e.payload() instanceof SubscriptionPurchased s && s.orderId().equals(orderId))
                    .peek(e -> assertThat(e.correlationId()).isEqualTo("corr-" + orderId))
                    .map(e -> (SubscriptionPurchased) e.payload())
                    .toList();
            assertThat(published).extracting(SubscriptionPurchased::termEnd).containsExactlyInAnyOrder(
                    Instant.parse("2028-02-29T12:00:00Z"), Instant.parse("2029-01-31T12:00:00Z"));
            assertThat(published).extracting(s -> s.unitPrice().amount()).containsExactlyInAnyOrder(
                    new BigDecimal("12.50"), new BigDecimal("36.00"));
        }
        long purchases = jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%SubscriptionPurchased'")
                .query(Long.class).single();
        assertThat(purchases).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM subscription_view WHERE order_id = :o").param("o", orderId)
                .query(Integer.class).single()).isEqualTo(2);
    }

    /**
     * Orders that wait in the topic together are purchased in one transaction per consumer and poll (a batch
     * listener), not one per order: the inbox rows they wrote share their transaction ids.
     */
    @RepeatableTest
    void ordersPolledTogetherArePurchasedInOneTransactionPerPoll() {
        MessageListenerContainer listener = registry.getListenerContainers().stream()
                .filter(container -> List.of(container.getContainerProperties().getTopics()).contains(Topics.ORDERS))
                .findFirst().orElseThrow();
        int count = 12;
        List<UUID> eventIds = new java.util.ArrayList<>();
        String bootstrap = SharedInfrastructure.get().kafka().bootstrapServers();
        listener.pause();
        try (TopicWriter orders = new TopicWriter(bootstrap)) {
            await().atMost(Duration.ofSeconds(30)).until(listener::isContainerPaused);
            for (int i = 0; i < count; i++) {
                String orderId = "order-" + UUID.randomUUID();
                OrderPlaced order = new OrderPlaced(orderId, "partner-1", "customer-" + UUID.randomUUID(), "US",
                        Instant.parse("2028-01-31T12:00:00Z"), List.of(new OrderPlaced.LineItem(1, "contoso.crm",
                        "Contoso CRM", "Contoso", "monthly", 1, "P1M", "MONTHLY",
                        new Money(new BigDecimal("12.50"), "USD"))));
                UUID eventId = UUID.randomUUID();
                eventIds.add(eventId);
                orders.send(Topics.ORDERS, orderId, EventCodec.encode(EventEnvelope.of(eventId, order.placedAt(), null,
                        null, order)));
            }
        } finally {
            listener.resume();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
                        "SELECT count(*) FROM inbox WHERE consumer = 'order-events' AND event_id IN (:ids)")
                .param("ids", eventIds).query(Integer.class).single()).isEqualTo(count));
        int transactions = jdbc.sql("SELECT count(DISTINCT xmin::text) FROM inbox WHERE event_id IN (:ids)")
                .param("ids", eventIds).query(Integer.class).single();
        assertThat(transactions).as("transactions for %s orders polled together", count).isLessThan(count);
    }

    @RepeatableTest
    void anUnknownSubscriptionIsAProblem() {
        var response = http.getForEntity("/v1/customers/c/subscriptions/" + UUID.randomUUID(), JsonNode.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getBody().path("type").asText()).endsWith("/subscription-not-found");
    }

    @RepeatableTest
    void anOperatorRepublishesEverythingSinceAnInstantWithTheOriginalEventIdsAndNothingIsCreatedTwice() {
        String orderId = "order-" + UUID.randomUUID();
        String customerId = "customer-" + UUID.randomUUID();
        Instant before = clock.instant(); // events are stamped with the business clock
        OrderPlaced order = new OrderPlaced(orderId, "partner-1", customerId, "US", Instant.parse("2027-03-01T12:00:00Z"),
                List.of(new OrderPlaced.LineItem(1, "contoso.crm", "Contoso CRM", "Contoso", "monthly", 2, "P1M", "MONTHLY",
                        new Money(new BigDecimal("12.50"), "USD"))));
        String bootstrap = SharedInfrastructure.get().kafka().bootstrapServers();
        try (TopicRecorder subscriptions = new TopicRecorder(bootstrap, Topics.SUBSCRIPTIONS);
             TopicWriter orders = new TopicWriter(bootstrap)) {
            orders.send(Topics.ORDERS, orderId, EventCodec.encode(EventEnvelope.of(UUID.randomUUID(), order.placedAt(),
                    null, null, order)));
            await().atMost(Duration.ofSeconds(30)).until(() -> !purchasesOf(subscriptions, orderId).isEmpty());
            UUID published = purchasesOf(subscriptions, orderId).get(0).eventId();
            assertThat(purchasesOf(subscriptions, orderId)).extracting(EventEnvelope::eventId).containsOnly(published);
            int copiesBefore = purchasesOf(subscriptions, orderId).size();

            var republish = http.postForEntity("/admin/projections/integration-publisher/republish?since=" + before,
                    null, JsonNode.class);
            assertThat(republish.getStatusCode().value()).isEqualTo(202);
            // the republication sends the event again under its own id (delivery is at least once: count copies
            // from before the republication, not an exact total)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(purchasesOf(subscriptions, orderId))
                    .hasSizeGreaterThan(copiesBefore)
                    .extracting(EventEnvelope::eventId).containsOnly(published));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.getForObject(
                "/v1/customers/" + customerId + "/subscriptions", JsonNode.class).path("totalCount").asInt()).isEqualTo(1));
        assertThat(http.postForEntity("/admin/projections/integration-publisher/republish?since=yesterday", null,
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        // a point in the future would move the publisher past what it has not sent yet: refused
        ResponseEntity<JsonNode> future = http.postForEntity("/admin/projections/integration-publisher/republish?since="
                + clock.instant().plusSeconds(3600), null, JsonNode.class);
        assertThat(future.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(future.getBody().path("type").asText()).endsWith("/since-in-the-future");
    }

    private static List<EventEnvelope<com.cspmarket.events.IntegrationEvent>> purchasesOf(TopicRecorder recorder, String orderId) {
        return recorder.records().stream().map(r -> EventCodec.decode(r.value()).orElseThrow())
                .filter(e -> e.payload() instanceof SubscriptionPurchased s && s.orderId().equals(orderId))
                .toList();
    }
}
