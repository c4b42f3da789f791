package com.cspmarket.billing.charge.integration;

import com.cspmarket.billing.ServiceIT;
import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;
import com.cspmarket.events.Topics;
import com.cspmarket.events.subscription.SubscriptionActivated;
import com.cspmarket.events.subscription.SubscriptionCancelled;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.events.subscription.SubscriptionQuantityIncreased;
import com.cspmarket.kit.MovableClock;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.local.TopicWriter;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import com.cspmarket.local.RepeatableTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscription's events arriving in the wrong order wait for the ones before them, and are then applied in the
 * order of the subscription's history; a copy of an applied event under a new event id changes nothing.
 */
class SubscriptionHistoryOrderIT extends ServiceIT {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovableClock clock;

    @Autowired
    MeterRegistry meters;

    @RepeatableTest
    void eventsFromAheadWaitForTheGapAndAreThenAppliedInHistoryOrder() {
        Monthly subscription = monthly("order", "10.00");
        String partner = subscription.partner();
        String id = subscription.id();
        Instant now = subscription.start();
        Sent purchase = event(0, now, subscription.purchased(3));
        Sent activation = event(1, now, subscription.activated());
        Sent increase = event(2, now, subscription.increased(3, 5));
        Sent cancellation = event(3, now.plusSeconds(60), new SubscriptionCancelled(id, now.plusSeconds(60), "FULL", "REQUESTED"));

        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            // the increase and the activation overtake the purchase; the increase comes twice, once under a new id
            Sent increaseCopy = increase.renamed();
            send(kafka, increase, activation, increaseCopy);
            await().atMost(Duration.ofSeconds(30)).until(() -> admitted(increase, activation, increaseCopy));
            assertThat(parkedSequences(id)).containsExactly(1L, 2L);
            assertThat(parkedOnCursor(id)).isEqualTo(2);
            assertThat(meters.get("billing.subscription.events.parked").gauge().value()).isGreaterThanOrEqualTo(2);
            assertThat(unbilled(partner)).isEmpty();

            send(kafka, purchase);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(unbilled(partner)).hasSize(2));
            List<JsonNode> lines = unbilled(partner);
            assertThat(lines).extracting(l -> l.path("chargeType").asText()).containsExactly("new", "addQuantity");
            assertThat(lines.get(0).path("subtotal").decimalValue()).isEqualByComparingTo("30.00");  // 3 x 10.00
            assertThat(lines.get(1).path("subtotal").decimalValue()).isEqualByComparingTo("20.00");  // 2 more for the whole term
            assertThat(lines.get(0).path("platform").path("provenance").path("sourceEventIds")).extracting(JsonNode::asText)
                    .containsExactly(purchase.eventId().toString(), activation.eventId().toString());
            assertThat(lines.get(1).path("platform").path("provenance").path("sourceEventIds")).extracting(JsonNode::asText)
                    .containsExactly(increase.eventId().toString());
            assertThat(parkedSequences(id)).isEmpty();
            assertThat(parkedOnCursor(id)).isZero();
            assertThat(nextSequence(id)).isEqualTo(3);

            // copies of applied events, one under a new id, change nothing; the next event applies at once
            Sent activationCopy = activation.renamed();
            send(kafka, activationCopy, purchase, increase);
            await().atMost(Duration.ofSeconds(30)).until(() -> admitted(activationCopy));
            send(kafka, cancellation);
            // the refund: one credit per charge of the term (the first month, the added seats), -50.00 in all
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(unbilled(partner)).hasSize(4));
            assertThat(unbilled(partner).subList(2, 4)).extracting(l -> l.path("subtotal").decimalValue().setScale(2).toPlainString())
                    .containsExactlyInAnyOrder("-30.00", "-20.00");
            assertThat(nextSequence(id)).isEqualTo(4);
            assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id")
                    .param("id", id).query(Long.class).single()).isEqualTo(5); // purchase and four charges
        }
    }

    @RepeatableTest
    void anEventAfterAGapThatTheFilledGapDidNotReachWaitsUntilItsOwnGapIsFilled() {
        Monthly subscription = monthly("gaps", "10.00");
        String partner = subscription.partner();
        String id = subscription.id();
        Instant now = subscription.start();
        Sent purchase = event(0, now, subscription.purchased(1));
        Sent activation = event(1, now, subscription.activated());
        Sent toTwo = event(2, now, subscription.increased(1, 2));
        Sent toThree = event(3, now, subscription.increased(2, 3));
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            // #3 comes before #2; #0 and #1 in order apply at once, #3 waits for #2
            send(kafka, purchase, activation, toThree);
            await().atMost(Duration.ofSeconds(30)).until(() -> admitted(purchase, activation, toThree));
            assertThat(unbilled(partner)).hasSize(1);
            assertThat(parkedSequences(id)).containsExactly(3L);
            assertThat(parkedOnCursor(id)).isEqualTo(1);
            assertThat(nextSequence(id)).isEqualTo(2);

            // #2 is next in order, but something waits behind it: it applies, and #3 after it
            send(kafka, toTwo);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(unbilled(partner)).hasSize(3));
            assertThat(unbilled(partner)).extracting(l -> l.path("platform").path("provenance").path("sourceEventIds").get(0).asText())
                    .containsExactly(purchase.eventId().toString(), toTwo.eventId().toString(), toThree.eventId().toString());
            assertThat(parkedSequences(id)).isEmpty();
            assertThat(parkedOnCursor(id)).isZero();
            assertThat(nextSequence(id)).isEqualTo(4);
        }
    }

    @RepeatableTest
    void aSubscriptionKnownFromEnvelopesWithoutASequenceCountsFromItsFirstSequencedEvent() {
        Monthly subscription = monthly("legacy", "7.00");
        String partner = subscription.partner();
        String id = subscription.id();
        Instant now = subscription.start();
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            // written before envelopes carried a sequence: applied as they come
            for (IntegrationEvent old : List.of(subscription.purchased(2), subscription.activated())) {
                kafka.send(Topics.SUBSCRIPTIONS, id, EventCodec.encode(EventEnvelope.of(UUID.randomUUID(), now, null, null, old)));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(unbilled(partner)).hasSize(1));

            // after the upgrade the subscription's next event comes with its place in the history (here the 6th)
            send(kafka, event(5, now, subscription.increased(2, 3)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(unbilled(partner)).hasSize(2));
            assertThat(unbilled(partner).get(1).path("subtotal").decimalValue()).isEqualByComparingTo("7.00");
            assertThat(parkedSequences(id)).isEmpty();
            assertThat(nextSequence(id)).isEqualTo(6);
        }
    }

    /** A monthly subscription of a new partner, its term starting now on the business clock, at {@code price} USD. */
    Monthly monthly(String partnerPrefix, String price) {
        Instant now = midNextMonth(clock);
        return new Monthly(partnerPrefix + "-" + UUID.randomUUID().toString().substring(0, 8), UUID.randomUUID().toString(),
                now, now.atZone(ZoneOffset.UTC).plusMonths(1).toInstant(), new Money(new BigDecimal(price), "USD"));
    }

    record Monthly(String partner, String id, Instant start, Instant termEnd, Money price) {
        SubscriptionPurchased purchased(int quantity) {
            return new SubscriptionPurchased(id, "order-" + id, 1, partner, "customer-1", "contoso.crm", "Contoso CRM",
                    "Contoso", "std", quantity, "P1M", "MONTHLY", price, start, start, termEnd, "https://activate.example/" + id);
        }

        SubscriptionActivated activated() {
            return new SubscriptionActivated(id, "order-" + id, partner, "customer-1", start, start, termEnd);
        }

        SubscriptionQuantityIncreased increased(int from, int to) {
            return new SubscriptionQuantityIncreased(id, from, to, start, start, termEnd, price);
        }
    }

    record Sent(UUID eventId, long sequence, Instant at, IntegrationEvent event) {
        Sent renamed() {
            return new Sent(UUID.randomUUID(), sequence, at, event);
        }

        byte[] bytes() {
            return EventCodec.encode(EventEnvelope.of(eventId, at, "history-order-it", null, event).withAggregateSequence(sequence));
        }
    }

    static Sent event(long sequence, Instant at, IntegrationEvent event) {
        return new Sent(UUID.randomUUID(), sequence, at, event);
    }

    static void send(TopicWriter kafka, Sent... events) {
        for (Sent sent : events) {
            kafka.send(Topics.SUBSCRIPTIONS, sent.event().aggregateId(), sent.bytes());
        }
    }

    boolean admitted(Sent... events) {
        return jdbc.sql("SELECT count(*) FROM inbox WHERE consumer = 'subscription-events' AND event_id IN (:ids)")
                .param("ids", java.util.Arrays.stream(events).map(Sent::eventId).toList())
                .query(Long.class).single() == events.length;
    }

    List<Long> parkedSequences(String id) {
        return jdbc.sql("SELECT sequence FROM subscription_event_parked WHERE subscription_id = :id ORDER BY sequence")
                .param("id", id).query(Long.class).list();
    }

    long parkedOnCursor(String id) {
        return jdbc.sql("SELECT parked FROM subscription_event_cursor WHERE subscription_id = :id")
                .param("id", id).query(Long.class).single();
    }

    long nextSequence(String id) {
        return jdbc.sql("SELECT next_sequence FROM subscription_event_cursor WHERE subscription_id = :id")
                .param("id", id).query(Long.class).single();
    }

    List<JsonNode> unbilled(String partner) {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String period : List.of("previous", "current")) {
            http.getForObject("/v1/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems"
                    + "&currencycode=USD&period=" + period + "&partnerId=" + partner, JsonNode.class)
                    .path("items").forEach(lines::add);
        }
        // charge ids are "<subscription>:<n>", n counting the subscription's charges
        lines.sort(java.util.Comparator.comparingInt(l -> Integer.parseInt(
                l.path("platform").path("chargeId").asText().substring(
                        l.path("platform").path("chargeId").asText().lastIndexOf(':') + 1))));
        return lines;
    }
}
