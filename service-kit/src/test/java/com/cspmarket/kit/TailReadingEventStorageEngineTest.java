package com.cspmarket.kit;

import com.cspmarket.local.LocalPostgres;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.TransactionDefinition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store's tailing read ends in the transaction that found its events, against a real PostgreSQL, and still
 * reads every event: past a window with fewer rows than the batch (a stretch of global indexes no event took), and
 * window after window when they are full.
 */
class TailReadingEventStorageEngineTest {

    private static final int BATCH = 5;

    private static LocalPostgres postgres;
    private static SimpleDriverDataSource dataSource;
    private static JdbcClient jdbc;
    private static final AtomicInteger transactions = new AtomicInteger();
    private static SpringTransactionManager axonTransactions;

    @BeforeAll
    static void start() throws IOException {
        postgres = LocalPostgres.start(0, null);
        dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), postgres.createDatabase("tail"),
                postgres.username(), postgres.password());
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql(new ClassPathResource("db/kit/V1__axon_event_store.sql").getContentAsString(StandardCharsets.UTF_8))
                .update();
        DataSourceTransactionManager counting = new DataSourceTransactionManager(dataSource) {
            @Override
            protected void doBegin(Object transaction, TransactionDefinition definition) {
                transactions.incrementAndGet();
                super.doBegin(transaction, definition);
            }
        };
        axonTransactions = new SpringTransactionManager(counting);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("TRUNCATE domain_event_entry, snapshot_event_entry RESTART IDENTITY").update();
    }

    @Test
    void aTailingReadThatFindsEventsIsOneTransaction() {
        JdbcEventStorageEngine engine = engine(true);
        append(engine, 0, 3);

        transactions.set(0);
        assertThat(payloads(engine.readEvents(null, true).toList())).containsExactly("event 0", "event 1", "event 2");
        assertThat(transactions.get()).isEqualTo(1);
    }

    @Test
    void axonsReadFetchesAgainUntilAFetchComesBackEmpty() {
        JdbcEventStorageEngine engine = engine(false);
        append(engine, 0, 3);

        transactions.set(0);
        assertThat(payloads(engine.readEvents(null, true).toList())).containsExactly("event 0", "event 1", "event 2");
        assertThat(transactions.get()).isEqualTo(2);
    }

    @Test
    void readsPastAWindowWithFewerRowsThanTheBatch() {
        JdbcEventStorageEngine engine = engine(true);
        append(engine, 0, 2);
        // global indexes nobody takes (rolled back, say), more of them than a window holds
        jdbc.sql("SELECT setval('domain_event_entry_global_index_seq', nextval('domain_event_entry_global_index_seq') + 20)")
                .query().singleValue();
        append(engine, 2, 2);

        assertThat(payloads(engine.readEvents(null, true).toList()))
                .containsExactly("event 0", "event 1", "event 2", "event 3");
    }

    @Test
    void readsWindowAfterWindowWhenTheyAreFull() {
        JdbcEventStorageEngine engine = engine(true);
        append(engine, 0, 2 * BATCH + 2);

        transactions.set(0);
        assertThat(payloads(engine.readEvents(null, true).toList()))
                .containsExactlyElementsOf(IntStream.range(0, 2 * BATCH + 2).mapToObj(i -> "event " + i).toList());
        assertThat(transactions.get()).isEqualTo(3);

        List<? extends TrackedEventMessage<?>> first = engine.readEvents(null, true).limit(BATCH).toList();
        append(engine, 2 * BATCH + 2, 1);
        assertThat(payloads(engine.readEvents(first.get(BATCH - 1).trackingToken(), true).toList()))
                .as("from a token on").hasSize(BATCH + 3).endsWith("event " + (2 * BATCH + 2));
    }

    @Test
    void anEmptyStoreIsOneTransaction() {
        JdbcEventStorageEngine engine = engine(true);

        transactions.set(0);
        assertThat(engine.readEvents(null, true).toList()).isEmpty();
        assertThat(transactions.get()).isEqualTo(1);
    }

    /** Time stamps are read once, the usual text the short way and any other as Axon reads it. */
    @Test
    void eventsAnswerWithTheTimeStampsTheyWereStoredWith() {
        JdbcEventStorageEngine engine = engine(true);
        engine.appendEvents(List.of(new GenericDomainEventMessage<>("Test", "aggregate-t", 0, "first"),
                new GenericDomainEventMessage<>("Test", "aggregate-t", 1, "second"),
                new GenericDomainEventMessage<>("Test", "aggregate-t", 2, "third")));
        jdbc.sql("UPDATE domain_event_entry SET time_stamp = CASE sequence_number WHEN 0 THEN '2026-12-04T20:50:32.225Z'"
                + " WHEN 1 THEN '2026-12-04T21:50:32.226+01:00' ELSE '2026-12-04T20:50:32Z' END").update();
        List<Instant> stored = List.of(Instant.parse("2026-12-04T20:50:32.225Z"), Instant.parse("2026-12-04T20:50:32.226Z"),
                Instant.parse("2026-12-04T20:50:32Z"));

        for (boolean tailing : List.of(true, false)) {
            assertThat(engine.readEvents(null, tailing).map(EventMessage::getTimestamp).toList()).isEqualTo(stored);
        }
        assertThat(engine.readEvents("aggregate-t").asStream().map(EventMessage::getTimestamp).toList()).isEqualTo(stored);
    }

    /**
     * The tokens are Axon's: gaps behind recent events are kept (up to the offset), behind an event older than the gap
     * timeout they are not, from the store's start and from a token on.
     */
    @Test
    void tokensAreTheOnesAxonsEngineMakes() {
        JdbcEventStorageEngine engine = engine(true);
        JdbcEventStorageEngine axons = JdbcEventStorageEngine.builder() // Axon's own, with the same settings
                .batchSize(BATCH).snapshotSerializer(JacksonSerializer.defaultSerializer())
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(axonTransactions).schema(new KitAutoConfiguration().eventSchema())
                .lowestGlobalSequence(TailReadingEventStorageEngine.LOWEST_GLOBAL_SEQUENCE)
                .maxGapOffset(TailReadingEventStorageEngine.MAX_GAP_OFFSET)
                .gapTimeout(TailReadingEventStorageEngine.GAP_TIMEOUT_MS).build();
        skip(3); // the store's first events come after unused indexes: gaps from the lowest
        append(engine, 0, 2);
        skip(2);
        append(engine, 2, 2);
        skip(4);
        append(engine, 4, 3);
        skip(1);
        append(engine, 7, 2);
        // events 4-6 (and the gaps before them) older than the gap timeout, the rest recent
        jdbc.sql("UPDATE domain_event_entry SET time_stamp = ? WHERE payload_type = 'java.lang.String'"
                + " AND convert_from(payload, 'UTF8') IN ('\"event 4\"', '\"event 5\"', '\"event 6\"')")
                .param(Instant.now().minusSeconds(600).toString()).update();

        for (boolean tailing : List.of(true, false)) {
            List<TrackingToken> ours = engine.readEvents(null, tailing).map(TrackedEventMessage::trackingToken).toList();
            List<TrackingToken> theirs = axons.readEvents(null, tailing).map(TrackedEventMessage::trackingToken).toList();
            assertThat(ours).hasSize(9).isEqualTo(theirs);
            assertThat(ours.get(0)).isEqualTo(GapAwareTrackingToken.newInstance(4, List.of(1L, 2L, 3L)));
            for (int from : new int[]{1, 3, 5}) {
                assertThat(engine.readEvents(ours.get(from), tailing).map(TrackedEventMessage::trackingToken).toList())
                        .as("from token %d", from)
                        .isEqualTo(axons.readEvents(ours.get(from), tailing).map(TrackedEventMessage::trackingToken).toList());
            }
        }
        assertThat(engine.readEvents(null, false).map(TrackedEventMessage::trackingToken).toList())
                .as("gaps: kept behind recent events, none behind old ones")
                .anyMatch(t -> !((GapAwareTrackingToken) t).getGaps().isEmpty())
                .anyMatch(t -> ((GapAwareTrackingToken) t).getGaps().isEmpty());
    }

    @Test
    void snapshotsAreNotLookedForUnlessTheServiceTakesThem() {
        JdbcEventStorageEngine taking = engine(true, true);
        append(taking, 0, 1);
        taking.storeSnapshot(new GenericDomainEventMessage<>("Test", "aggregate-0", 0, "snapshot"));
        assertThat(taking.readSnapshot("aggregate-0")).as("a service that takes snapshots reads them")
                .map(m -> (Object) m.getPayload()).contains("snapshot");

        transactions.set(0);
        assertThat(engine(true).readSnapshot("aggregate-0")).as("one that takes none never looks").isEmpty();
        assertThat(transactions).as("nor opens a transaction to look").hasValue(0);
        assertThat(engine(true).readEvents("aggregate-0").asStream().map(m -> (Object) m.getPayload()))
                .as("its aggregates load from their events").containsExactly("event 0");
    }

    @Test
    void anAggregateShorterThanABatchLoadsInOneRead() {
        JdbcEventStorageEngine engine = engine(true);
        appendTo(engine, "short", 2);
        appendTo(engine, "one-batch", BATCH);
        appendTo(engine, "longer", BATCH + 2);

        transactions.set(0);
        assertThat(payloads(engine, "short")).containsExactly("short 0", "short 1");
        assertThat(transactions).as("a short window is the end of the stream: no second read to find nothing").hasValue(1);
        assertThat(payloads(engine, "one-batch")).as("a full window reads on").hasSize(BATCH);
        assertThat(payloads(engine, "longer")).as("and pages through a longer stream in order")
                .containsExactlyElementsOf(IntStream.range(0, BATCH + 2).mapToObj(i -> "longer " + i).toList());
    }

    private static List<Object> payloads(JdbcEventStorageEngine engine, String aggregate) {
        return engine.readEvents(aggregate).asStream().map(m -> (Object) m.getPayload()).toList();
    }

    private static void appendTo(JdbcEventStorageEngine engine, String aggregate, int count) {
        engine.appendEvents(IntStream.range(0, count)
                .<EventMessage<?>>mapToObj(i -> new GenericDomainEventMessage<>("Test", aggregate, i, aggregate + " " + i))
                .toList());
    }

    /** Takes {@code count} global indexes no event will have. */
    private static void skip(int count) {
        jdbc.sql("SELECT setval('domain_event_entry_global_index_seq', nextval('domain_event_entry_global_index_seq') + ?)")
                .param(count - 1).query().singleValue();
    }

    private static JdbcEventStorageEngine engine(boolean oneTransaction) {
        return engine(oneTransaction, false);
    }

    private static JdbcEventStorageEngine engine(boolean oneTransaction, boolean readSnapshots) {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        return new TailReadingEventStorageEngine(TailReadingEventStorageEngine.configuredBuilder()
                .batchSize(BATCH)
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(axonTransactions)
                .schema(new KitAutoConfiguration().eventSchema()),
                axonTransactions, oneTransaction, readSnapshots);
    }

    private static void append(JdbcEventStorageEngine engine, int from, int count) {
        List<EventMessage<?>> events = IntStream.range(from, from + count)
                .<EventMessage<?>>mapToObj(i -> new GenericDomainEventMessage<>("Test", "aggregate-" + i, 0, "event " + i))
                .toList();
        engine.appendEvents(events);
    }

    private static List<Object> payloads(List<? extends TrackedEventMessage<?>> events) {
        return events.stream().map(e -> (Object) e.getPayload()).toList();
    }
}
