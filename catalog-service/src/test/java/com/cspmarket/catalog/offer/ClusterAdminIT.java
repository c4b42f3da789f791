package com.cspmarket.catalog.offer;

import com.cspmarket.catalog.ServiceIT;
import com.cspmarket.local.RebuildCheck;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's projection commands with several instances of the service: another instance is played by rows of
 * the shared token store (a claim it holds, a batch it has in flight), as a second JVM would leave them.
 */
class ClusterAdminIT extends ServiceIT {

    static final String PROJECTION = "offer-projection";
    static final String OTHER = "4242@other-instance";

    @LocalServerPort
    int port;

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    com.cspmarket.kit.MovableClock clock;

    @Autowired
    com.cspmarket.kit.InstanceId instance;

    /** The other instance goes away: its claims lapse (here at once), and this instance takes the segments up again. */
    @org.junit.jupiter.api.AfterEach
    void otherInstanceGone() {
        jdbc.sql("UPDATE token_entry SET owner = NULL WHERE owner = :other").param("other", OTHER).update();
    }

    StreamingEventProcessor projection() {
        return processing.eventProcessor(PROJECTION, StreamingEventProcessor.class).orElseThrow();
    }

    void publishAnOffer() {
        String offerId = "woodgrove.cluster-" + UUID.randomUUID().toString().substring(0, 8);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.postForEntity("/v1/offers", new HttpEntity<>(OfferPublishingIT.offerJson(offerId, "US",
                LocalDate.now(clock)), headers), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.getForEntity("/v1/offers/" + offerId, JsonNode.class).getStatusCode() == HttpStatus.OK);
    }

    /**
     * Lets another instance hold every segment of the projection, its claim renewed for the next hour, once this
     * instance has stored every segment's position at the head (a segment with nothing to handle stores it within
     * platform.processing.idle-token-interval): the other instance takes over a caught-up projection.
     */
    void anotherInstanceHoldsTheProjection() {
        await().atMost(Duration.ofSeconds(30)).until(() -> status().path("caughtUp").asBoolean());
        StreamingEventProcessor local = projection();
        local.shutDown();
        try {
            assertThat(jdbc.sql("UPDATE token_entry SET owner = :other, timestamp = :renewed WHERE processor_name = :name")
                    .param("other", OTHER).param("renewed", Instant.now().plus(Duration.ofHours(1)).toString())
                    .param("name", PROJECTION).update()).isPositive();
        } finally {
            local.start();
        }
    }

    /** Every segment's token of the projection, as stored. */
    String tokens() {
        return jdbc.sql("SELECT string_agg(encode(token, 'hex'), ',' ORDER BY segment) FROM token_entry "
                + "WHERE processor_name = :name").param("name", PROJECTION).query(String.class).single();
    }

    JsonNode status() {
        return http.getForObject("/admin/projections/" + PROJECTION, JsonNode.class);
    }

    @Test
    void statusShowsEverySegmentWithItsOwnerAcrossInstances() {
        publishAnOffer();
        anotherInstanceHoldsTheProjection();

        JsonNode status = status();
        assertThat(status.path("running").asBoolean()).isTrue(); // this instance takes part, it just holds nothing
        assertThat(status.path("instance").asText()).isNotEqualTo(OTHER).isNotBlank();
        assertThat(status.path("segments")).isNotEmpty().allSatisfy(segment -> {
            assertThat(segment.path("owner").asText()).isEqualTo(OTHER);
            assertThat(segment.path("claimed").asBoolean()).isTrue();
        });
        assertThat(status.path("position").asLong()).isEqualTo(status.path("head").asLong());
        assertThat(status.path("caughtUp").asBoolean()).isTrue();
    }

    /**
     * The rebuild used to fail (500, UnableToClaimTokenException) while any other instance held a segment: the
     * operator had to stop the others first. Now it takes the claims over and replays here.
     */
    @Test
    void aRebuildTakesOverTheSegmentsAnotherInstanceHolds() {
        publishAnOffer();
        anotherInstanceHoldsTheProjection();

        RebuildCheck.assertRebuildReproduces(port, PROJECTION);

        // one name for this instance everywhere: token claims, the status, scheduler locks and connections
        assertThat(status().path("instance").asText()).isEqualTo(instance.value());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(status().path("segments")).allSatisfy(segment ->
                        assertThat(segment.path("owner").asText()).isEqualTo(instance.value())));
    }

    /**
     * A rebuild replays in bulk with the processor shut down, then starts it again: offers published while the rebuild
     * runs are recorded meanwhile and must reach the rebuilt model (the processor goes on from where the bulk replay
     * stopped), and a second rebuild reproduces the result.
     */
    @Test
    void offersPublishedDuringARebuildReachTheRebuiltModel() {
        publishAnOffer();
        java.util.List<String> indexes = readModelIndexes();
        assertThat(indexes).contains("offer_view_search", "sku_price_market");
        java.util.Map<String, Long> before = indexOids();
        assertThat(http.postForEntity("/admin/projections/" + PROJECTION + "/rebuild", null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        java.util.List<String> during = new java.util.ArrayList<>();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        for (int i = 0; i < 5; i++) {
            String offerId = "woodgrove.during-" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(http.postForEntity("/v1/offers", new HttpEntity<>(OfferPublishingIT.offerJson(offerId, "US",
                    LocalDate.now(clock)), headers), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
            during.add(offerId);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> status().path("running").asBoolean()
                && status().path("caughtUp").asBoolean());
        assertThat(during).allSatisfy(offerId -> assertThat(http.getForEntity("/v1/offers/" + offerId, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK));
        assertThat(status().path("segments")).allSatisfy(segment ->
                assertThat(segment.path("owner").asText()).isEqualTo(instance.value()));
        // the indexes left out of the bulk replay were built again before the processor started
        assertThat(readModelIndexes()).isEqualTo(indexes);
        assertThat(jdbc.sql("SELECT count(*) FROM deferred_index").query(Integer.class).single()).isZero();
        // they were dropped and built anew (new relations); the keys the upserts need were kept
        java.util.Map<String, Long> after = indexOids();
        assertThat(after.get("offer_view_search")).isNotEqualTo(before.get("offer_view_search"));
        assertThat(after.get("sku_price_market")).isNotEqualTo(before.get("sku_price_market"));
        assertThat(after.get("offer_view_pkey")).isEqualTo(before.get("offer_view_pkey"));
        RebuildCheck.assertRebuildReproduces(port, PROJECTION);
    }

    private java.util.Map<String, Long> indexOids() {
        return jdbc.sql("SELECT indexname, CAST(CAST(indexname AS regclass) AS oid) FROM pg_indexes "
                        + "WHERE tablename IN ('offer_view', 'offer_sku', 'sku_price')")
                .query((rs, n) -> java.util.Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue));
    }

    private java.util.List<String> readModelIndexes() {
        return jdbc.sql("SELECT indexname FROM pg_indexes WHERE tablename IN ('offer_view', 'offer_sku', 'sku_price') "
                + "ORDER BY indexname").query(String.class).list();
    }

    /**
     * A handler that fails in the bulk replay rolls its transaction back and hands the replay to the processor, which
     * goes on from the last stored tokens with its own error handling (retrying); once the cause is gone (here a
     * constraint every new read-model row violates) it completes the rebuild.
     */
    @Test
    void aBulkReplayThatFailsLeavesTheRestToTheProcessor() {
        publishAnOffer();
        jdbc.sql("ALTER TABLE offer_view ADD CONSTRAINT replay_refused CHECK (false) NOT VALID").update();
        try {
            assertThat(http.postForEntity("/admin/projections/" + PROJECTION + "/rebuild", null, JsonNode.class)
                    .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            // the bulk replay gave up: the processor runs again, but cannot get past the refused row either
            await().atMost(Duration.ofSeconds(30)).until(() -> status().path("running").asBoolean());
            assertThat(status().path("caughtUp").asBoolean()).isFalse();
            // with its indexes: the bulk replay built them again before it handed over
            assertThat(readModelIndexes()).contains("offer_view_search", "sku_price_market");
        } finally {
            jdbc.sql("ALTER TABLE offer_view DROP CONSTRAINT replay_refused").update();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> status().path("caughtUp").asBoolean());
        RebuildCheck.assertRebuildReproduces(port, PROJECTION);
    }

    /**
     * Another instance in the middle of a batch holds its segment's row lock: the take-over waits for the batch to
     * commit; when it does not within {@code platform.admin.claim-wait} (2 s here), the rebuild is refused with a 409
     * and nothing is reset.
     */
    @Test
    void aBatchThatDoesNotCommitInTimeRefusesTheRebuildAndResetsNothing() throws Exception {
        publishAnOffer();
        StreamingEventProcessor local = projection();
        String tokenBefore;
        local.shutDown();
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (Statement batch = other.createStatement()) {
                batch.execute("SELECT * FROM token_entry WHERE processor_name = '" + PROJECTION + "' FOR UPDATE");
                tokenBefore = tokens();

                ResponseEntity<JsonNode> refused = http.postForEntity("/admin/projections/" + PROJECTION + "/rebuild",
                        null, JsonNode.class);

                assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
                assertThat(refused.getBody().path("type").asText()).endsWith("/processor-busy");
            } finally {
                other.rollback();
            }
        }
        assertThat(tokens())
                .isEqualTo(tokenBefore);
        assertThat(local.isRunning()).isTrue(); // started again after the refusal
        await().atMost(Duration.ofSeconds(30)).until(() -> status().path("caughtUp").asBoolean()
                && !status().path("replaying").asBoolean());
    }

    /**
     * The reset empties the read model with TRUNCATE, which waits for transactions reading it; one that holds it longer
     * than {@code platform.admin.claim-wait} (2 s here) makes the rebuild a 409 with nothing reset, and the processor
     * goes on.
     */
    @Test
    void aReaderHoldingTheReadModelRefusesTheRebuildAndResetsNothing() throws Exception {
        publishAnOffer();
        await().atMost(Duration.ofSeconds(30)).until(() -> status().path("caughtUp").asBoolean());
        long offers = jdbc.sql("SELECT count(*) FROM offer_view").query(Long.class).single();
        String tokenBefore = tokens();
        try (Connection reader = dataSource.getConnection()) {
            reader.setAutoCommit(false);
            try (Statement report = reader.createStatement()) {
                report.execute("SELECT count(*) FROM offer_view"); // its lock lasts until the transaction ends

                ResponseEntity<JsonNode> refused = http.postForEntity("/admin/projections/" + PROJECTION + "/rebuild",
                        null, JsonNode.class);

                assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
                assertThat(refused.getBody().path("type").asText()).endsWith("/processor-busy");
            } finally {
                reader.rollback();
            }
        }
        assertThat(jdbc.sql("SELECT count(*) FROM offer_view").query(Long.class).single()).isEqualTo(offers);
        assertThat(tokens())
                .isEqualTo(tokenBefore);
        await().atMost(Duration.ofSeconds(30)).until(() -> status().path("running").asBoolean());
        publishAnOffer(); // the processor goes on
    }

    /**
     * Four segments per projection (platform.processing.segments), all held here while this instance is alone; when a
     * second instance is alive, this one lets segments go down to its share (two), for the other to claim; once the
     * other is gone it takes them up again.
     */
    @Test
    void theSegmentsAreSharedAmongTheLiveInstances() {
        publishAnOffer();
        assertThat(status().path("segments")).hasSize(4);
        await().atMost(Duration.ofSeconds(30)).until(() -> projection().processingStatus().size() == 4);

        jdbc.sql("INSERT INTO platform_instance (instance_id, seen_at) VALUES (:other, now() + interval '1 hour')")
                .param("other", OTHER).update();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> projection().processingStatus().size() <= 2);
        } finally {
            jdbc.sql("DELETE FROM platform_instance WHERE instance_id = :other").param("other", OTHER).update();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> projection().processingStatus().size() == 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> status().path("caughtUp").asBoolean());
    }

    /**
     * Events another instance commits reach this instance's processors at once: PostgreSQL notifies every listener of
     * the commit. Here the other instance is SQL that copies an offer's publication under a new id straight into the
     * event table (no commit of this JVM to wake its event store); the poll is a minute in these tests, so only the
     * notification can bring the copy into the read model in time.
     */
    @Test
    void eventsCommittedByAnotherInstanceReachTheProjectionsAtOnce() throws Exception {
        String original = "woodgrove.original-" + UUID.randomUUID().toString().substring(0, 8);
        String copy = original.replace("original", "copy");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.postForEntity("/v1/offers", new HttpEntity<>(OfferPublishingIT.offerJson(original, "US",
                LocalDate.now(clock)), headers), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                http.getForEntity("/v1/offers/" + original, JsonNode.class).getStatusCode() == HttpStatus.OK);

        long written;
        try (Connection other = dataSource.getConnection()) { // as another instance: its own application_name
            other.setAutoCommit(false);
            try (Statement name = other.createStatement()) {
                name.execute("SET LOCAL application_name = '" + OTHER + "'");
            }
            try (java.sql.PreparedStatement copyEvent = other.prepareStatement("""
                    INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                        meta_data, payload, payload_revision, payload_type, time_stamp)
                    SELECT ?, sequence_number, type, gen_random_uuid()::text, meta_data,
                        convert_to(replace(convert_from(payload, 'UTF8'), ?, ?), 'UTF8'),
                        payload_revision, payload_type, time_stamp
                    FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""")) {
                copyEvent.setString(1, copy);
                copyEvent.setString(2, original);
                copyEvent.setString(3, copy);
                copyEvent.setString(4, original);
                assertThat(copyEvent.executeUpdate()).isEqualTo(1);
            }
            written = System.nanoTime();
            other.commit();
        }

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() ->
                http.getForEntity("/v1/offers/" + copy, JsonNode.class).getStatusCode() == HttpStatus.OK);
        System.out.printf("an event committed by another instance was in this instance's read model after %d ms%n",
                (System.nanoTime() - written) / 1_000_000);
    }
}
