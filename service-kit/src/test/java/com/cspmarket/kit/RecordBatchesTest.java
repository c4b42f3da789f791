package com.cspmarket.kit;

import com.cspmarket.events.EventCodec;
import com.cspmarket.local.LocalPostgres;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.kafka.listener.BatchListenerFailedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link RecordBatches} on a real PostgreSQL: what a poll's records write commits in one transaction, a failure keeps
 * exactly the records before the failing one (each once) and names it to the error handler, and every record is
 * applied in a consumer span of its own trace.
 */
class RecordBatchesTest {

    private static LocalPostgres postgres;
    private static JdbcClient jdbc;
    private static DataSourceTransactionManager transactions;

    private final InMemorySpans tracing = new InMemorySpans();
    private final List<SpanData> spans = tracing.ended;
    private final RecordBatches batches = new RecordBatches(transactions, new Traces(tracing.tracer));

    @BeforeAll
    static void start() throws IOException {
        postgres = LocalPostgres.start(0, null);
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
                postgres.createDatabase("batches"), postgres.username(), postgres.password());
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("CREATE TABLE applied (record_offset bigint PRIMARY KEY, tx bigint NOT NULL DEFAULT txid_current())")
                .update();
        transactions = new DataSourceTransactionManager(dataSource);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("TRUNCATE applied").update();
    }

    static List<ConsumerRecord<String, byte[]>> records(long from, long to) {
        return LongStream.range(from, to)
                .mapToObj(offset -> new ConsumerRecord<>("topic", 0, offset, "key", ("{" + offset + "}").getBytes()))
                .toList();
    }

    /** What a consumer does with a record here: one row, in the transaction it is given. */
    static void write(ConsumerRecord<String, byte[]> record) {
        jdbc.sql("INSERT INTO applied (record_offset) VALUES (?)").param(record.offset()).update();
    }

    static List<Long> applied() {
        return jdbc.sql("SELECT record_offset FROM applied ORDER BY record_offset").query(Long.class).list();
    }

    static long transactionsOf(long fromOffset, long toOffset) {
        return jdbc.sql("SELECT count(DISTINCT tx) FROM applied WHERE record_offset >= ? AND record_offset < ?")
                .params(fromOffset, toOffset).query(Long.class).single();
    }

    @Test
    void aPollsRecordsCommitInOneTransaction() {
        batches.apply(records(0, 20), RecordBatchesTest::write);

        assertThat(applied()).containsExactlyElementsOf(LongStream.range(0, 20).boxed().toList());
        assertThat(transactionsOf(0, 20)).isEqualTo(1);
    }

    @Test
    void aFailingRecordIsNamedToTheErrorHandlerAndOnlyTheRecordsBeforeItAreKeptEachOnce() {
        Set<Long> failing = new java.util.concurrent.ConcurrentSkipListSet<>(Set.of(3L));
        Consumer<ConsumerRecord<String, byte[]>> apply = record -> {
            write(record);
            if (failing.contains(record.offset())) {
                throw new IllegalStateException("record " + record.offset() + " cannot be applied yet");
            }
        };

        BatchListenerFailedException failed = catchThrowableOfType(BatchListenerFailedException.class,
                () -> batches.apply(records(0, 6), apply));

        assertThat(failed.getIndex()).isEqualTo(3);
        assertThat(failed).hasRootCauseMessage("record 3 cannot be applied yet");
        // the batch's own transaction left nothing; the records before the failing one, one transaction each
        assertThat(applied()).containsExactly(0L, 1L, 2L);
        assertThat(transactionsOf(0, 3)).isEqualTo(3);

        // the container delivers the failing record and the ones after it again
        failing.clear();
        batches.apply(records(3, 6), apply);
        assertThat(applied()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(transactionsOf(3, 6)).isEqualTo(1);
    }

    @Test
    void theStepBeforeABatchRunsInItsTransactionAndNotInTheSingleRecordsAfterItFailed() {
        List<Long> transactionsBefore = new java.util.ArrayList<>();
        Consumer<List<ConsumerRecord<String, byte[]>>> before = poll -> transactionsBefore.add(
                jdbc.sql("SELECT txid_current()").query(Long.class).single());

        batches.apply(records(0, 3), before, RecordBatchesTest::write);
        assertThat(transactionsBefore).hasSize(1);
        assertThat(jdbc.sql("SELECT DISTINCT tx FROM applied").query(Long.class).list())
                .as("the records' transaction").containsExactlyElementsOf(transactionsBefore);

        transactionsBefore.clear();
        catchThrowableOfType(BatchListenerFailedException.class, () -> batches.apply(records(3, 5), before, record -> {
            write(record);
            throw new IllegalStateException("fails");
        }));
        assertThat(transactionsBefore).as("once, in the batch's transaction, not in the single record's").hasSize(1);
    }

    @Test
    void aRecordThatIsNotAnEnvelopeIsSkippedAndTheOthersCommit() {
        List<ConsumerRecord<String, byte[]>> poll = new java.util.ArrayList<>(records(0, 3));
        poll.set(1, new ConsumerRecord<>("topic", 0, 1, "key", "not json".getBytes()));

        batches.apply(poll, record -> {
            if (record.offset() == 1) {
                EventCodec.decode(record.value());
            }
            write(record);
        });

        assertThat(applied()).containsExactly(0L, 2L);
        assertThat(transactionsOf(0, 3)).isEqualTo(1);
    }

    @Test
    void eachRecordIsAppliedInAConsumerSpanContinuingTheTraceInItsHeaders() {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String producerSpan = "00f067aa0ba902b7";
        ConsumerRecord<String, byte[]> traced = new ConsumerRecord<>("orders", 0, 0, "key", "{}".getBytes());
        traced.headers().add(Traces.TRACEPARENT, ("00-" + trace + "-" + producerSpan + "-01").getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, byte[]> untraced = new ConsumerRecord<>("orders", 0, 1, "key", "{}".getBytes());

        batches.apply(List.of(traced, untraced), RecordBatchesTest::write);
        tracing.close();

        assertThat(spans).hasSize(2).allSatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(span.getName()).isEqualTo("orders receive");
        });
        assertThat(spans.get(0).getTraceId()).isEqualTo(trace);
        assertThat(spans.get(0).getParentSpanId()).isEqualTo(producerSpan);
        assertThat(spans.get(1).getTraceId()).isNotEqualTo(trace);
        assertThat(spans.get(1).getParentSpanContext().isValid()).as("a new trace's root").isFalse();
    }
}
