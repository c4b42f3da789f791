package com.cspmarket.catalog.offer;

import com.cspmarket.catalog.ServiceIT;
import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Topics;
import com.cspmarket.events.catalog.OfferPublished;
import com.cspmarket.kit.MovableClock;
import com.cspmarket.local.ProjectionRebuildContract;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.local.TopicRecorder;
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
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OfferPublishingIT extends ServiceIT implements ProjectionRebuildContract {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovableClock clock;

    /** An offer whose price starts today on the catalog's business clock (a publication is never back-dated). */
    String offerJson(String offerId, String country) {
        return offerJson(offerId, country, LocalDate.now(clock));
    }

    static String offerJson(String offerId, String country, LocalDate pricedFrom) {
        return """
                {"offerId":"%s","name":"Woodgrove Analytics","description":"Dashboards",
                 "publisher":{"publisherId":"woodgrove","name":"Woodgrove Bank","supportEmail":"support@woodgrove.example"},
                 "offerType":"SAAS","offeredToCspPartners":true,"categories":["Analytics"],"countries":["%s","DE"],
                 "skus":[{"skuId":"pro","name":"Pro","term":"P1M","billingCycle":"MONTHLY","minQuantity":1,"maxQuantity":100,
                          "prices":[{"market":"%s","unitPrice":"19.99","currency":"USD","effectiveFrom":"%s"}]}]}
                """.formatted(offerId, country, country, pricedFrom);
    }

    ResponseEntity<JsonNode> post(String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity("/v1/offers", new HttpEntity<>(json, headers), JsonNode.class);
    }

    ResponseEntity<JsonNode> postWithRequestId(String path, String json, String requestId, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("MS-RequestId", requestId);
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        return http.postForEntity(path, new HttpEntity<>(json, headers), JsonNode.class);
    }

    long eventsOf(String offerId) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id")
                .param("id", offerId).query(Long.class).single();
    }

    /**
     * Publication, a price change and a withdrawal retried with their {@code MS-RequestId} (the answer was lost):
     * each retry gets the first answer and records nothing, where without the id it would be refused as a conflict
     * (the offer exists), a duplicate price or a stale If-Match.
     */
    @RepeatableTest
    void operatorChangesRetriedWithTheirRequestIdAreAnsweredAsTheFirstTimeAndRecordOnce() {
        String offerId = "woodgrove.retried-" + UUID.randomUUID().toString().substring(0, 8);
        String publishId = UUID.randomUUID().toString();
        ResponseEntity<JsonNode> published = postWithRequestId("/v1/offers", offerJson(offerId, "US"), publishId, null);
        ResponseEntity<JsonNode> publishedAgain = postWithRequestId("/v1/offers", offerJson(offerId, "US"), publishId, null);
        assertThat(published.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(publishedAgain.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(publishedAgain.getHeaders().getLocation()).isEqualTo(published.getHeaders().getLocation());
        assertThat(eventsOf(offerId)).isEqualTo(1);
        assertThat(post(offerJson(offerId, "US")).getStatusCode()).isEqualTo(HttpStatus.CONFLICT); // a new request

        String price = "{\"market\":\"US\",\"unitPrice\":\"21.00\",\"currency\":\"USD\",\"effectiveFrom\":\""
                + LocalDate.now(clock).plusDays(3) + "\"}";
        String priceId = UUID.randomUUID().toString();
        String pricePath = "/v1/offers/" + offerId + "/skus/pro/prices";
        assertThat(postWithRequestId(pricePath, price, priceId, null).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(postWithRequestId(pricePath, price, priceId, null).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(eventsOf(offerId)).isEqualTo(2);

        String withdrawalId = UUID.randomUUID().toString();
        String withdrawal = "/v1/offers/" + offerId + "/withdrawal";
        assertThat(postWithRequestId(withdrawal, "{\"reason\":\"end of life\"}", withdrawalId, "\"1\"").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(postWithRequestId(withdrawal, "{\"reason\":\"end of life\"}", withdrawalId, "\"1\"").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(eventsOf(offerId)).isEqualTo(3);
        // the same id on another request is refused and changes nothing
        ResponseEntity<JsonNode> reused = postWithRequestId(pricePath, price.replace("21.00", "22.00"), priceId, null);
        assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reused.getBody().path("type").asText()).endsWith("/request-id-reused");
        assertThat(eventsOf(offerId)).isEqualTo(3);
    }

    @Autowired
    org.axonframework.config.EventProcessingConfiguration processing;

    /**
     * A client told "201 Created" may use the offer at once: with the offer read model stopped (as far behind as a
     * read model can be), the publication's price change, availability change and withdrawal are all accepted, because
     * whether the offer exists is the event store's to say. They used to be refused 404 while the read model lagged.
     */
    @RepeatableTest
    void anOfferIsUsableTheMomentItsPublicationIsAnsweredWhateverTheReadModel() {
        String offerId = "woodgrove.at-once-" + UUID.randomUUID().toString().substring(0, 8);
        var projection = processing.eventProcessor("offer-projection",
                org.axonframework.eventhandling.StreamingEventProcessor.class).orElseThrow();
        projection.shutDown();
        try {
            assertThat(post(offerJson(offerId, "US")).getStatusCode()).isEqualTo(HttpStatus.CREATED);
            assertThat(postWithRequestId("/v1/offers/" + offerId + "/skus/pro/prices", "{\"market\":\"US\",\"unitPrice\":"
                    + "\"21.00\",\"currency\":\"USD\",\"effectiveFrom\":\"" + LocalDate.now(clock).plusDays(2) + "\"}",
                    UUID.randomUUID().toString(), null).getStatusCode()).isEqualTo(HttpStatus.CREATED);
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            assertThat(http.exchange("/v1/offers/" + offerId + "/availability", HttpMethod.PUT,
                    new HttpEntity<>("{\"countries\":[\"US\",\"DE\",\"FR\"]}", headers), JsonNode.class).getStatusCode())
                    .isEqualTo(HttpStatus.NO_CONTENT);
            assertThat(postWithRequestId("/v1/offers/" + offerId + "/withdrawal", "{\"reason\":\"gone\"}",
                    UUID.randomUUID().toString(), null).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
            assertThat(eventsOf(offerId)).isEqualTo(4);
            // an offer that does not exist is still a 404, from the event store
            ResponseEntity<JsonNode> unknown = postWithRequestId("/v1/offers/woodgrove.never-published/skus/pro/prices",
                    "{\"market\":\"US\",\"unitPrice\":\"1.00\",\"currency\":\"USD\",\"effectiveFrom\":\""
                            + LocalDate.now(clock) + "\"}", UUID.randomUUID().toString(), null);
            assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(unknown.getBody().path("type").asText()).endsWith("/offer-not-found");
        } finally {
            projection.start();
        }
    }

    @Autowired
    javax.sql.DataSource dataSource;

    /**
     * SQL run as another process would, in one transaction (its own application_name): the service passes over the
     * notifications of its own commits, for which it wakes itself, and a raw insert through its own pool is neither.
     */
    void asAnotherProcess(java.util.function.Consumer<JdbcClient> work) {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (java.sql.Statement name = connection.createStatement()) {
                name.execute("SET LOCAL application_name = 'earlier-version'");
            }
            work.accept(JdbcClient.create(new org.springframework.jdbc.datasource.SingleConnectionDataSource(connection, true)));
            connection.commit();
            connection.setAutoCommit(true);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }

    @RepeatableTest
    void publishedOfferIsReadableAndGoesToKafkaOnce() {
        String offerId = "woodgrove.analytics-" + UUID.randomUUID().toString().substring(0, 8);
        try (TopicRecorder kafka = new TopicRecorder(SharedInfrastructure.get().kafka().bootstrapServers(), Topics.CATALOG_OFFERS)) {
            ResponseEntity<JsonNode> created = post(offerJson(offerId, "US"));
            assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
            assertThat(created.getHeaders().getLocation()).hasToString("/v1/offers/" + offerId);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ResponseEntity<JsonNode> offer = http.getForEntity("/v1/offers/" + offerId, JsonNode.class);
                assertThat(offer.getStatusCode()).isEqualTo(HttpStatus.OK);
                assertThat(offer.getBody().path("publisher").path("name").asText()).isEqualTo("Woodgrove Bank");
                assertThat(offer.getBody().path("skus").get(0).path("prices").get(0).path("unitPrice").decimalValue())
                        .isEqualByComparingTo("19.99");
            });

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kafka.records())
                    .anyMatch(r -> r.key().equals(offerId)));
            EventEnvelope<IntegrationEvent> envelope = kafka.records().stream()
                    .filter(r -> r.key().equals(offerId))
                    .map(r -> EventCodec.decode(r.value()).orElseThrow())
                    .findFirst().orElseThrow();
            assertThat(envelope.eventType()).isEqualTo("catalog.OfferPublished");
            OfferPublished payload = (OfferPublished) envelope.payload();
            assertThat(payload.countries()).containsExactly("US", "DE");
            assertThat(payload.skus().get(0).prices().get(0).unitPrice().amount()).isEqualTo(new BigDecimal("19.99"));
            assertThat(kafka.eventsOf(offerId)).hasSize(1); // one event (copies of it, at least once, share its id)
        }
    }

    @RepeatableTest
    void publishingTheSameOfferTwiceIsAConflict() {
        String offerId = "woodgrove.twice-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(post(offerJson(offerId, "US")).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        long before = storedEvents();

        ResponseEntity<JsonNode> again = post(offerJson(offerId, "US"));

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @RepeatableTest
    void badInputIsAProblemAndChangesNothing() {
        long before = storedEvents();

        ResponseEntity<JsonNode> unknownCountry = post(offerJson("woodgrove.zz", "ZZ"));
        assertThat(unknownCountry.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(unknownCountry.getBody().path("type").asText()).endsWith("/invalid-offer");
        assertThat(unknownCountry.getBody().path("detail").asText()).contains("ZZ");

        ResponseEntity<JsonNode> missingFields = post("{\"offerId\":\"x\"}");
        assertThat(missingFields.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missingFields.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(missingFields.getBody().path("errors").isArray()).isTrue();

        ResponseEntity<JsonNode> notJson = post("{not json");
        assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notJson.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);

        ResponseEntity<JsonNode> negativePage = http.getForEntity("/v1/offers?page=-1", JsonNode.class);
        assertThat(negativePage.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        ResponseEntity<JsonNode> unknownOffer = http.getForEntity("/v1/offers/no-such-offer", JsonNode.class);
        assertThat(unknownOffer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknownOffer.getBody().path("type").asText()).endsWith("/offer-not-found");

        assertThat(storedEvents()).isEqualTo(before);
    }

    @RepeatableTest
    void everyChangeToAnOfferIsAuditedWithTheRequestItCameFrom() {
        String offerId = "woodgrove.audited-" + UUID.randomUUID().toString().substring(0, 8);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("MS-CorrelationId", "publish-" + offerId);
        ResponseEntity<JsonNode> created = http.postForEntity("/v1/offers", new HttpEntity<>(offerJson(offerId, "US"), headers), JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getFirst("MS-CorrelationId")).isEqualTo("publish-" + offerId);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.getForEntity("/v1/offers/" + offerId, JsonNode.class)
                .getStatusCode() == HttpStatus.OK);

        headers.remove("MS-CorrelationId"); // none given: the service makes one and says which
        ResponseEntity<Void> changed = http.exchange("/v1/offers/" + offerId + "/availability", HttpMethod.PUT,
                new HttpEntity<>("{\"countries\":[\"US\",\"FR\"]}", headers), Void.class);
        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        String generated = changed.getHeaders().getFirst("MS-CorrelationId");
        assertThat(generated).isNotBlank();

        JsonNode trail = http.getForObject("/admin/audit/" + offerId, JsonNode.class);
        assertThat(trail.path("items").findValuesAsText("type")).containsExactly("OfferPublished", "OfferAvailabilityChanged");
        JsonNode publish = trail.path("items").get(0);
        assertThat(publish.path("correlationId").asText()).isEqualTo("publish-" + offerId);
        assertThat(publish.path("request").asText()).isEqualTo("POST /v1/offers");
        assertThat(publish.path("aggregateType").asText()).isEqualTo("Offer");
        JsonNode availability = trail.path("items").get(1);
        assertThat(availability.path("correlationId").asText()).isEqualTo(generated);
        assertThat(availability.path("request").asText()).isEqualTo("PUT /v1/offers/" + offerId + "/availability");
        assertThat(availability.path("data").path("countries").toString()).contains("FR");
        assertThat(http.getForObject("/admin/audit/" + offerId + "?until=" + publish.path("occurredAt").asText(), JsonNode.class)
                .path("totalCount").asInt()).isEqualTo(1);
    }

    @RepeatableTest
    void aWithdrawalStoredAsRevision1IsReadEverywhereAsRevision2WithItsStoredInstant() {
        String offerId = "woodgrove.legacy-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(post(offerJson(offerId, "US")).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.getForEntity("/v1/offers/" + offerId, JsonNode.class)
                .getStatusCode() == HttpStatus.OK);
        // an event written by an earlier version of the service, as it lies in the store
        String storedAt = "2026-03-01T09:30:00.250Z";
        asAnotherProcess(other -> other.sql("""
                        INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                            meta_data, payload, payload_revision, payload_type, time_stamp)
                        VALUES (:id, 1, 'Offer', :eventId, CAST('{}' AS bytea), :payload, '1', :type, :at)""")
                .param("id", offerId).param("eventId", UUID.randomUUID().toString())
                .param("payload", ("{\"offerId\":\"" + offerId + "\",\"reason\":\"retired in v1\"}").getBytes())
                .param("type", com.cspmarket.catalog.offer.api.OfferWithdrawn.class.getName()).param("at", storedAt)
                .update());

        JsonNode withdrawal = http.getForObject("/admin/audit/" + offerId, JsonNode.class).path("items").get(1);
        assertThat(withdrawal.path("type").asText()).isEqualTo("OfferWithdrawn");
        assertThat(withdrawal.path("data").path("withdrawnAt").asText()).isEqualTo(storedAt);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode offer = http.getForObject("/v1/offers/" + offerId, JsonNode.class);
            assertThat(offer.path("withdrawn").asBoolean()).isTrue();
            assertThat(java.time.Instant.parse(offer.path("withdrawnAt").asText())).isEqualTo(java.time.Instant.parse(storedAt));
        });
        // and the aggregate, rebuilt from the same events, knows it is withdrawn: withdrawing again changes nothing
        long before = storedEvents();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.postForEntity("/v1/offers/" + offerId + "/withdrawal", new HttpEntity<>("{\"reason\":\"again\"}", headers),
                Void.class).getStatusCode().is2xxSuccessful()).isTrue();
        assertThat(storedEvents()).isEqualTo(before);
    }

    /** Offers published, re-priced ahead, made available elsewhere and withdrawn. */
    @Override
    public void recordHistory() {
        String offerId = "woodgrove.rebuilt-" + UUID.randomUUID().toString().substring(0, 8);
        String withdrawn = "woodgrove.rebuilt-gone-" + UUID.randomUUID().toString().substring(0, 8);
        for (String id : List.of(offerId, withdrawn)) {
            assertThat(post(offerJson(id, "US")).getStatusCode()).isEqualTo(HttpStatus.CREATED);
            await().atMost(Duration.ofSeconds(30)).until(() -> http.getForEntity("/v1/offers/" + id, JsonNode.class)
                    .getStatusCode() == HttpStatus.OK);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        LocalDate today = LocalDate.now(clock);
        for (LocalDate from : List.of(today.plusDays(10), today.plusDays(40))) {
            String price = "{\"market\":\"US\",\"unitPrice\":\"2" + from.getDayOfMonth() % 10 + ".00\",\"currency\":\"USD\","
                    + "\"effectiveFrom\":\"" + from + "\"}";
            assertThat(http.postForEntity("/v1/offers/" + offerId + "/skus/pro/prices", new HttpEntity<>(price, headers),
                    JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        }
        assertThat(http.exchange("/v1/offers/" + offerId + "/availability", HttpMethod.PUT,
                new HttpEntity<>("{\"countries\":[\"US\",\"FR\"]}", headers), Void.class).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(http.postForEntity("/v1/offers/" + withdrawn + "/withdrawal",
                new HttpEntity<>("{\"reason\":\"end of life\"}", headers), Void.class).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Override
    public List<String> expectedProjections() {
        return List.of("offer-projection");
    }
}
