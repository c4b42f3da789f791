package com.cspmarket.subscription.subscription;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.Money;
import com.cspmarket.events.Topics;
import com.cspmarket.events.order.OrderPlaced;
import com.cspmarket.events.subscription.SubscriptionCancelled;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.kit.MovableClock;
import com.cspmarket.local.RepeatableTest;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.local.TopicRecorder;
import com.cspmarket.local.TopicWriter;
import com.cspmarket.subscription.ServiceIT;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a partner can do with a subscription the moment it exists, whatever the read model; the customer's activation
 * page in a browser; and the activation deadline of one that is never activated.
 */
class ReadYourPurchaseIT extends ServiceIT {

    @Autowired
    TestRestTemplate http;

    @Autowired
    MovableClock clock;

    @Autowired
    EventProcessingConfiguration processing;

    /** An order of one monthly line placed now (business time); returns the purchase as published on Kafka. */
    SubscriptionPurchased purchase(String customerId) {
        String orderId = "order-" + UUID.randomUUID();
        OrderPlaced order = new OrderPlaced(orderId, "partner-1", customerId, "US", clock.instant(),
                List.of(new OrderPlaced.LineItem(1, "contoso.crm", "Contoso CRM", "Contoso", "monthly", 3, "P1M", "MONTHLY",
                        new Money(new BigDecimal("12.50"), "USD"))));
        String bootstrap = SharedInfrastructure.get().kafka().bootstrapServers();
        try (TopicRecorder published = new TopicRecorder(bootstrap, Topics.SUBSCRIPTIONS);
             TopicWriter kafka = new TopicWriter(bootstrap)) {
            kafka.send(Topics.ORDERS, orderId, EventCodec.encode(EventEnvelope.of(UUID.randomUUID(), order.placedAt(), null, null, order)));
            // what order-service sees (and then shows the partner): the purchase on the subscriptions topic
            return await().atMost(Duration.ofSeconds(30)).until(() -> published.events(SubscriptionPurchased.class).stream()
                    .filter(p -> p.orderId().equals(orderId)).findFirst().orElse(null), java.util.Objects::nonNull);
        }
    }

    ResponseEntity<JsonNode> patch(String url, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(url, HttpMethod.PATCH, new HttpEntity<>(json, headers), JsonNode.class);
    }

    /**
     * With the subscription read model stopped, a subscription the order already shows is read, changed and
     * activated: every decision comes from its own events. (PATCH used to answer 404 until the read model caught up.)
     */
    @RepeatableTest
    void aPurchasedSubscriptionIsUsableAtOnceWhateverTheReadModel() {
        String customerId = "customer-" + UUID.randomUUID();
        StreamingEventProcessor projection = processing.eventProcessor("subscription-projection",
                StreamingEventProcessor.class).orElseThrow();
        projection.shutDown();
        try {
            SubscriptionPurchased purchased = purchase(customerId);
            String url = "/v1/customers/" + customerId + "/subscriptions/" + purchased.subscriptionId();
            ResponseEntity<JsonNode> read = http.getForEntity(url, JsonNode.class);
            assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(read.getBody().path("status").asText()).isEqualTo("pending");
            assertThat(patch(url, "{\"autoRenewEnabled\":false}").getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(http.postForEntity(purchased.activationLink().replaceFirst("^https?://[^/]+", ""), null, String.class)
                    .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
            assertThat(patch(url, "{\"status\":\"suspended\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(patch(url, "{\"status\":\"active\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
            JsonNode now = http.getForObject(url, JsonNode.class);
            assertThat(now.path("status").asText()).isEqualTo("active"); // reinstated: decided on its events, not a stale view
            assertThat(now.path("autoRenewEnabled").asBoolean()).isFalse();
            // another customer's path to it is a 404, as if it did not exist
            assertThat(http.getForEntity("/v1/customers/someone-else/subscriptions/" + purchased.subscriptionId(),
                    JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        } finally {
            projection.start();
        }
    }

    /** The activation link opened in a browser: a page naming what is activated, a form to do it, clear pages after. */
    @RepeatableTest
    void theActivationLinkOpensAPageWithAnActivateButtonNeverA401() {
        SubscriptionPurchased purchased = purchase("customer-" + UUID.randomUUID());
        String link = purchased.activationLink().replaceFirst("^https?://[^/]+", "");
        HttpHeaders browser = new HttpHeaders();
        browser.set(HttpHeaders.AUTHORIZATION, ""); // a customer's browser: no token at all
        browser.setAccept(List.of(MediaType.TEXT_HTML));

        ResponseEntity<String> page = http.exchange(link, HttpMethod.GET, new HttpEntity<>(browser), String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("Contoso CRM", "monthly", "<dd>3</dd>", "<form method=\"post\"", ">Activate</button>");

        HttpHeaders form = new HttpHeaders(browser);
        form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        ResponseEntity<String> activated = http.exchange(link, HttpMethod.POST, new HttpEntity<>("", form), String.class);
        assertThat(activated.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(activated.getBody()).contains("Subscription activated");

        ResponseEntity<String> again = http.exchange(link, HttpMethod.GET, new HttpEntity<>(browser), String.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody()).contains("already active");
        for (String bad : List.of(link.replaceFirst("token=.*", "token=forged"),
                "/v1/subscriptions/" + UUID.randomUUID() + "/activation?token=x", "/v1/subscriptions/not-an-id/activation")) {
            ResponseEntity<String> unknown = http.exchange(bad, HttpMethod.GET, new HttpEntity<>(browser), String.class);
            assertThat(unknown.getStatusCode()).as(bad).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(unknown.getBody()).as(bad).contains("not valid");
        }
    }

    /**
     * Never activated: cancelled by the business clock at its activation deadline (30 days, policy data), nothing
     * charged; until then it shows the deadline and, apart, the refund window that counts from the purchase.
     */
    @RepeatableTest
    void aSubscriptionNeverActivatedIsCancelledAtItsActivationDeadline() {
        String customerId = "customer-" + UUID.randomUUID();
        SubscriptionPurchased purchased = purchase(customerId);
        String url = "/v1/customers/" + customerId + "/subscriptions/" + purchased.subscriptionId();
        JsonNode pending = http.getForObject(url, JsonNode.class);
        Instant deadline = Instant.parse(pending.path("platform").path("activationDeadline").asText());
        assertThat(deadline).isEqualTo(purchased.purchasedAt().plus(Duration.ofDays(30)));
        assertThat(Instant.parse(pending.path("cancellationAllowedUntilDate").asText()))
                .isEqualTo(purchased.purchasedAt().plus(Duration.ofHours(24)));

        try (TopicRecorder published = new TopicRecorder(SharedInfrastructure.get().kafka().bootstrapServers(), Topics.SUBSCRIPTIONS)) {
            clock.moveTo(deadline.minusSeconds(60));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(http.getForObject(url, JsonNode.class).path("status").asText()).isEqualTo("pending"));
            clock.moveTo(deadline.plusSeconds(1));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode cancelled = http.getForObject(url, JsonNode.class);
                assertThat(cancelled.path("status").asText()).isEqualTo("deleted");
                assertThat(cancelled.path("platform").path("cancellationReason").asText()).isEqualTo("ACTIVATION_DEADLINE_PASSED");
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published.eventsOf(purchased.subscriptionId())
                    .stream().map(EventEnvelope::payload).filter(SubscriptionCancelled.class::isInstance))
                    .singleElement()
                    .satisfies(e -> assertThat(((SubscriptionCancelled) e).refund()).isEqualTo("NONE"))
                    .satisfies(e -> assertThat(((SubscriptionCancelled) e).reason()).isEqualTo("ACTIVATION_DEADLINE_PASSED")));
        }
        // and its link no longer activates
        assertThat(http.postForEntity(purchased.activationLink().replaceFirst("^https?://[^/]+", ""), null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }
}
