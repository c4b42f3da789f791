package com.cspmarket.subscription.subscription;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;
import com.cspmarket.events.Topics;
import com.cspmarket.events.order.OrderPlaced;
import com.cspmarket.events.subscription.SubscriptionAutoRenewChanged;
import com.cspmarket.events.subscription.SubscriptionCancellationScheduled;
import com.cspmarket.events.subscription.SubscriptionCancellationUndone;
import com.cspmarket.events.subscription.SubscriptionCancelled;
import com.cspmarket.kit.MovableClock;
import com.cspmarket.local.DevTokens;
import com.cspmarket.local.ProjectionRebuildContract;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.local.TopicRecorder;
import com.cspmarket.local.partnercenter.PartnerCenterClient;
import com.cspmarket.local.partnercenter.PartnerCenterClient.BillingCycle;
import com.cspmarket.local.partnercenter.PartnerCenterClient.RefundType;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Subscription;
import com.cspmarket.local.partnercenter.PartnerCenterClient.SubscriptionStatus;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Subscriptions;
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

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Partner Center's PATCH on a subscription: cancel (refund inside the window, else at term end), undo, auto-renew. */
class SubscriptionChangesIT extends ServiceIT implements ProjectionRebuildContract {

    @Autowired
    TestRestTemplate http;

    @Autowired
    MovableClock clock;

    String customerId;

    /** Places an order for two monthly lines now (business time) and returns the two subscriptions' URLs. */
    List<String> purchaseTwo() {
        String orderId = "order-" + UUID.randomUUID();
        customerId = "customer-" + UUID.randomUUID();
        OrderPlaced order = new OrderPlaced(orderId, "partner-1", customerId, "US", clock.instant(),
                List.of(new OrderPlaced.LineItem(1, "contoso.crm", "Contoso CRM", "Contoso", "monthly", 3, "P1M", "MONTHLY",
                                new Money(new BigDecimal("12.50"), "USD")),
                        new OrderPlaced.LineItem(2, "contoso.crm", "Contoso CRM", "Contoso", "monthly", 1, "P1M", "MONTHLY",
                                new Money(new BigDecimal("12.50"), "USD"))));
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            kafka.send(Topics.ORDERS, orderId, EventCodec.encode(EventEnvelope.of(UUID.randomUUID(), order.placedAt(), null, null, order)));
        }
        String base = "/v1/customers/" + customerId + "/subscriptions";
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.getForObject(base, JsonNode.class).path("totalCount").asInt() == 2);
        JsonNode items = http.getForObject(base, JsonNode.class).path("items");
        return List.of(base + "/" + items.get(0).path("id").asText(), base + "/" + items.get(1).path("id").asText());
    }

    ResponseEntity<JsonNode> patch(String url, String json, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        return http.exchange(url, HttpMethod.PATCH, new HttpEntity<>(json, headers), JsonNode.class);
    }

    List<IntegrationEvent> published(TopicRecorder kafka, String subscriptionId) {
        return kafka.eventsOf(subscriptionId).stream().map(EventEnvelope::payload).toList(); // each event once
    }

    @RepeatableTest
    void cancellingInsideTheWindowEndsItWithAFullRefundAfterItIsScheduledForTheTermEnd() {
        List<String> subscriptions = purchaseTwo();
        String inside = subscriptions.get(0);
        String later = subscriptions.get(1);
        JsonNode view = http.getForObject(inside, JsonNode.class);
        assertThat(Duration.between(Instant.parse(view.path("creationDate").asText()),
                Instant.parse(view.path("cancellationAllowedUntilDate").asText()))).isEqualTo(Duration.ofHours(24));
        assertThat(view.path("refundOptions").get(0).path("type").asText()).isEqualTo("Full");
        assertThat(view.path("refundOptions").get(0).path("expiresAt").asText())
                .isEqualTo(view.path("cancellationAllowedUntilDate").asText());
        assertThat(view.path("platform").path("cancellationPolicyVersion").asText()).isEqualTo("2026-01");
        String insideId = view.path("id").asText();
        String laterId = http.getForObject(later, JsonNode.class).path("id").asText();

        try (TopicRecorder kafka = new TopicRecorder(SharedInfrastructure.get().kafka().bootstrapServers(), Topics.SUBSCRIPTIONS)) {
            String etag = http.getForEntity(inside, JsonNode.class).getHeaders().getETag();
            assertThat(patch(inside, "{\"status\":\"deleted\"}", "\"9\"").getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
            ResponseEntity<JsonNode> cancelled = patch(inside, "{\"status\":\"deleted\"}", etag);
            assertThat(cancelled.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(cancelled.getBody().path("status").asText()).isEqualTo("deleted"); // the answer is the new state
            assertThat(cancelled.getBody().path("refundOptions")).isEmpty();
            assertThat(http.getForObject(inside, JsonNode.class).path("status").asText()).isEqualTo("deleted");

            clock.moveTo(clock.instant().plus(Duration.ofHours(25)));
            assertThat(patch(later, "{\"status\":\"deleted\",\"autoRenewEnabled\":false}", null).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode scheduled = http.getForObject(later, JsonNode.class);
                assertThat(scheduled.path("status").asText()).isEqualTo("pending");
                assertThat(scheduled.path("autoRenewEnabled").asBoolean()).isFalse();
                assertThat(scheduled.path("platform").path("cancellationScheduledFor").asText())
                        .isEqualTo(scheduled.path("commitmentEndDate").asText());
                assertThat(scheduled.path("refundOptions")).isEmpty(); // the window has closed
            });
            // undo: the subscription renews again
            ResponseEntity<JsonNode> undone = patch(later, "{\"autoRenewEnabled\":true}", null);
            assertThat(undone.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(undone.getBody().path("platform").has("cancellationScheduledFor")).isFalse();
            assertThat(undone.getBody().path("autoRenewEnabled").asBoolean()).isTrue();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(published(kafka, insideId)).filteredOn(SubscriptionCancelled.class::isInstance).singleElement()
                        .satisfies(e -> assertThat(((SubscriptionCancelled) e).refund()).isEqualTo("FULL"));
                assertThat(published(kafka, laterId)).extracting(e -> e.getClass().getSimpleName()).contains(
                        SubscriptionAutoRenewChanged.class.getSimpleName(),
                        SubscriptionCancellationScheduled.class.getSimpleName(),
                        SubscriptionCancellationUndone.class.getSimpleName());
                // each event carries its place in the subscription's history: 0, 1, 2, ... in order, no gaps
                assertThat(kafka.eventsOf(laterId).stream().map(EventEnvelope::aggregateSequence).toList())
                        .isEqualTo(java.util.stream.LongStream.range(0, kafka.eventsOf(laterId).size()).boxed().toList());
            });
        }
    }

    @RepeatableTest
    void aPartnerCenterClientPatchesTheWholeResourceAndOnlyWhatDiffersChanges() {
        String url = purchaseTwo().get(0);
        ResponseEntity<JsonNode> read = http.getForEntity(url, JsonNode.class);
        Subscription before = PartnerCenterClient.read(read.getBody(), Subscription.class);
        assertThat(before.status()).isEqualTo(SubscriptionStatus.PENDING);
        assertThat(before.billingCycle()).isEqualTo(BillingCycle.MONTHLY);
        assertThat(before.termDuration()).isEqualTo("P1M");
        assertThat(before.offerId()).isEqualTo("contoso.crm:monthly:US");
        assertThat(before.autoRenewEnabled()).isTrue();
        assertThat(before.refundOptions()).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo(RefundType.FULL);
            assertThat(r.expiresAt()).isEqualTo(before.cancellationAllowedUntilDate());
        });
        assertThat(before.attributes().objectType()).isEqualTo("Subscription");
        assertThat("\"" + before.attributes().etag() + "\"").isEqualTo(read.getHeaders().getETag());
        assertThat(before.platform().unitPrice()).isEqualByComparingTo("12.50");
        Subscriptions all = PartnerCenterClient.read(http.getForObject("/v1/customers/" + customerId + "/subscriptions",
                JsonNode.class), Subscriptions.class);
        assertThat(all.items()).extracting(Subscription::id).hasSize(2).contains(before.id());

        // the whole resource sent back with auto-renew off (its etag in attributes): only auto-renew changes, although
        // the quantity is there too (and could not change now: the subscription is not active yet)
        String off = read.getBody().toString().replace("\"autoRenewEnabled\":true", "\"autoRenewEnabled\":false");
        ResponseEntity<JsonNode> patched = patch(url, off, null);
        assertThat(patched.getStatusCode()).isEqualTo(HttpStatus.OK);
        Subscription after = PartnerCenterClient.read(patched.getBody(), Subscription.class);
        assertThat(after.autoRenewEnabled()).isFalse();
        assertThat(after.quantity()).isEqualTo(before.quantity());
        assertThat(after.attributes().etag()).isNotEqualTo(before.attributes().etag());
        assertThat(http.getForObject(url + "/history", JsonNode.class).path("items").findValuesAsText("type"))
                .containsExactly("SubscriptionPurchased", "AutoRenewChanged");
        // the same body again carries a stale etag now; the new resource sent back as it is changes nothing
        assertThat(patch(url, off, null).getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        ResponseEntity<JsonNode> same = patch(url, patched.getBody().toString(), null);
        assertThat(same.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForObject(url + "/history", JsonNode.class).path("items")).hasSize(2);

        // cancelled as Partner Center cancels: status deleted (inside the window: a full refund, now)
        String deleted = same.getBody().toString().replace("\"status\":\"pending\"", "\"status\":\"deleted\"");
        Subscription cancelled = PartnerCenterClient.read(patch(url, deleted, null).getBody(), Subscription.class);
        assertThat(cancelled.status()).isEqualTo(SubscriptionStatus.DELETED);
        assertThat(cancelled.refundOptions()).isEmpty();
        assertThat(cancelled.actions()).isEmpty();
        assertThat(cancelled.platform().cancellationReason()).isEqualTo("REQUESTED");
    }

    @RepeatableTest
    void theFullHistoryAndTheStateAsOfAnyInstantComeFromTheEvents() {
        String subscription = purchaseTwo().get(0);
        Instant beforeChange = clock.instant();
        clock.moveTo(beforeChange.plus(Duration.ofHours(30)));
        assertThat(patch(subscription, "{\"autoRenewEnabled\":false}", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForObject(subscription, JsonNode.class).path("autoRenewEnabled").asBoolean()).isFalse();

        JsonNode history = http.getForObject(subscription + "/history", JsonNode.class);
        assertThat(history.path("items").findValuesAsText("type")).containsExactly("SubscriptionPurchased", "AutoRenewChanged");
        assertThat(history.path("items").get(0).path("sourceEventId").asText()).isNotBlank();
        assertThat(history.path("items").get(1).path("occurredAt").asText()).isNotBlank();

        JsonNode then = http.getForObject(subscription + "?asOf=" + beforeChange.plusSeconds(1), JsonNode.class);
        assertThat(then.path("autoRenewEnabled").asBoolean()).isTrue();
        JsonNode now = http.getForObject(subscription + "?asOf=" + clock.instant(), JsonNode.class);
        assertThat(now.path("autoRenewEnabled").asBoolean()).isFalse();
        assertThat(http.getForEntity(subscription + "?asOf=2000-01-01T00:00:00Z", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.getForEntity(subscription + "?asOf=yesterday", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @RepeatableTest
    void aSuspendedSubscriptionIsReinstatedByPatchingItActive() {
        String subscription = purchaseTwo().get(1);
        assertThat(patch(subscription, "{\"status\":\"suspended\"}", null).getBody().path("status").asText())
                .isEqualTo("suspended");
        assertThat(http.getForObject(subscription, JsonNode.class).path("status").asText()).isEqualTo("suspended");
        assertThat(patch(subscription, "{\"status\":\"active\"}", null).getBody().path("status").asText())
                .isEqualTo("pending"); // back to where it was: the customer has not activated it yet
    }

    @RepeatableTest
    void badPatchesAreProblems() {
        String subscription = purchaseTwo().get(0);
        assertThat(patch(subscription, "{}", null).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(patch(subscription, "{\"status\":\"cancelled\"}", null).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(patch(subscription, "{\"status\":\"deleted\"}", "garbage").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(patch(subscription, "{\"status\":\"expired\"}", null).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(patch(subscription, "{\"status\":\"active\"}", null).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(patch("/v1/customers/" + customerId + "/subscriptions/" + UUID.randomUUID(), "{\"status\":\"deleted\"}", null)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.getForObject(subscription, JsonNode.class).path("status").asText()).isEqualTo("pending");
    }

    @RepeatableTest
    void twoChangesFromTheSameVersionAtOnceGiveOneConflictAndNeverALostUpdate() throws Exception {
        for (int round = 0; round < 5; round++) {
            String subscription = purchaseTwo().get(0);
            String etag = http.getForEntity(subscription, JsonNode.class).getHeaders().getETag();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            try {
                var first = pool.submit(() -> {
                    go.await();
                    return patch(subscription, "{\"autoRenewEnabled\":false}", etag);
                });
                var second = pool.submit(() -> {
                    go.await();
                    return patch(subscription, "{\"status\":\"suspended\"}", etag);
                });
                go.countDown();
                List<ResponseEntity<JsonNode>> responses = List.of(first.get(30, java.util.concurrent.TimeUnit.SECONDS),
                        second.get(30, java.util.concurrent.TimeUnit.SECONDS));
                assertThat(responses).extracting(r -> r.getStatusCode().value()).as("round " + round)
                        .containsOnlyOnce(200).containsAnyOf(409, 412);
                responses.stream().filter(r -> r.getStatusCode().value() != 200).forEach(r ->
                        assertThat(r.getHeaders().getContentType().toString()).startsWith("application/problem+json"));
            } finally {
                pool.shutdownNow();
            }
            // exactly one of the two changes is recorded, and the other left no trace
            JsonNode history = http.getForObject(subscription + "/history", JsonNode.class);
            assertThat(history.path("items").findValuesAsText("type")).hasSize(2)
                    .first().isEqualTo("SubscriptionPurchased");
        }
    }

    @RepeatableTest
    void everyChangeIsAuditedWithTheRequestItCameFrom() {
        String subscription = purchaseTwo().get(0);
        String id = http.getForObject(subscription, JsonNode.class).path("id").asText();
        String correlationId = "req-" + UUID.randomUUID();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("MS-CorrelationId", correlationId);
        ResponseEntity<JsonNode> changed = http.exchange(subscription, HttpMethod.PATCH,
                new HttpEntity<>("{\"autoRenewEnabled\":false}", headers), JsonNode.class);
        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(changed.getHeaders().getFirst("MS-CorrelationId")).isEqualTo(correlationId);

        JsonNode trail = http.getForObject("/admin/audit/" + id, JsonNode.class);
        assertThat(trail.path("items").findValuesAsText("type")).containsExactly("SubscriptionPurchased", "AutoRenewChanged");
        JsonNode purchase = trail.path("items").get(0);
        assertThat(purchase.path("sourceEventId").asText()).isNotBlank(); // from the order's integration event
        JsonNode change = trail.path("items").get(1);
        assertThat(change.path("correlationId").asText()).isEqualTo(correlationId);
        assertThat(change.path("request").asText()).isEqualTo("PATCH " + subscription);
        assertThat(change.path("data").path("autoRenewEnabled").asBoolean()).isFalse();
        assertThat(http.getForObject(subscription + "/history", JsonNode.class).path("items").get(1)
                .path("correlationId").asText()).isEqualTo(correlationId);
        assertThat(http.getForObject("/admin/audit/" + id + "?until=" + change.path("occurredAt").asText(), JsonNode.class)
                .path("totalCount").asInt()).isEqualTo(2);
        assertThat(http.getForEntity("/admin/audit/no-such-aggregate", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        // a malformed correlation id is refused before anything happens
        headers.set("MS-CorrelationId", "no spaces allowed");
        ResponseEntity<JsonNode> refused = http.exchange(subscription, HttpMethod.PATCH,
                new HttpEntity<>("{\"status\":\"suspended\"}", headers), JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(http.getForObject("/admin/audit/" + id, JsonNode.class).path("totalCount").asInt()).isEqualTo(2);
    }

    ResponseEntity<JsonNode> as(String token, HttpMethod method, String url, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(HttpHeaders.AUTHORIZATION, token == null ? "" : "Bearer " + token);
        return http.exchange(url, method, new HttpEntity<>(json, headers), JsonNode.class);
    }

    @RepeatableTest
    void aPartnerSeesAndChangesOnlyItsOwnCustomersSubscriptionsInTheRolesThatMayDoSo() {
        String subscription = purchaseTwo().get(0); // sold by partner-1
        String id = subscription.substring(subscription.lastIndexOf('/') + 1);
        String base = "/v1/customers/" + customerId + "/subscriptions";
        DevTokens tokens = DevTokens.forTests();
        String other = tokens.partnerUser("partner-2", DevTokens.ADMIN_AGENT, DevTokens.SALES_AGENT);
        List<String> reads = List.of(base, subscription, subscription + "/history", subscription + "?asOf=" + clock.instant());
        long events = http.getForObject("/admin/audit/" + id, JsonNode.class).path("totalCount").asLong();

        for (String read : reads) {
            ResponseEntity<JsonNode> refused = as(other, HttpMethod.GET, read, null);
            assertThat(refused.getStatusCode()).as(read).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        for (String change : List.of("{\"autoRenewEnabled\":false}", "{\"status\":\"suspended\"}", "{\"quantity\":9}")) {
            assertThat(as(other, HttpMethod.PATCH, subscription, change).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            // another customer's id under partner-2's path does not help either
            assertThat(as(other, HttpMethod.PATCH, "/v1/customers/customer-of-2/subscriptions/" + id, change).getStatusCode())
                    .isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(as(tokens.partnerUser("partner-1", DevTokens.BILLING_ADMIN), HttpMethod.PATCH, subscription, change)
                    .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(as(null, HttpMethod.PATCH, subscription, change).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        for (String read : reads) {
            assertThat(as(tokens.partnerUser("partner-1", DevTokens.BILLING_ADMIN), HttpMethod.GET, read, null).getStatusCode())
                    .isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(as(null, HttpMethod.GET, read, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(as(tokens.partnerUser("partner-1", DevTokens.SALES_AGENT), HttpMethod.GET, read, null).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
        }
        assertThat(as(other, HttpMethod.GET, "/admin/audit/" + id, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.getForObject("/admin/audit/" + id, JsonNode.class).path("totalCount").asLong()).isEqualTo(events);

        // the owner's admin agent changes it, and the audit says who
        assertThat(as(tokens.partnerUser("partner-1", DevTokens.ADMIN_AGENT), HttpMethod.PATCH, subscription,
                "{\"autoRenewEnabled\":false}").getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode last = http.getForObject("/admin/audit/" + id, JsonNode.class).path("items").get((int) events);
        assertThat(last.path("type").asText()).isEqualTo("AutoRenewChanged");
        assertThat(last.path("actor").asText()).isEqualTo("user@partner-1");
        assertThat(last.path("actorPartnerId").asText()).isEqualTo("partner-1");
    }

    /** Purchases from orders on Kafka, then auto-renew, cancellation, suspension and reinstatement. */
    @Override
    public void recordHistory() {
        cancellingInsideTheWindowEndsItWithAFullRefundAfterItIsScheduledForTheTermEnd();
        aSuspendedSubscriptionIsReinstatedByPatchingItActive();
    }

    @Override
    public List<String> expectedProjections() {
        return List.of("subscription-projection");
    }
}
