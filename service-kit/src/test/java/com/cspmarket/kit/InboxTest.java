package com.cspmarket.kit;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.catalog.OfferWithdrawn;
import com.cspmarket.local.LocalPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The inbox on a real PostgreSQL: a poll's records admitted ahead in one statement answer each record's admission as
 * one at a time would (first delivery, duplicate within the poll, duplicate of an earlier poll, not an envelope),
 * without a statement of their own, and only in the transaction that admitted them.
 */
class InboxTest {

    private static final String CONSUMER = "test-consumer";

    private static LocalPostgres postgres;
    private static JdbcClient jdbc;
    private static TransactionTemplate transactions;
    private static final AtomicInteger statements = new AtomicInteger();
    private static Inbox inbox;

    @BeforeAll
    static void start() throws IOException {
        postgres = LocalPostgres.start(0, null);
        SimpleDriverDataSource plain = new SimpleDriverDataSource(new org.postgresql.Driver(),
                postgres.createDatabase("inbox"), postgres.username(), postgres.password());
        DelegatingDataSource counting = new DelegatingDataSource(plain) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                            if (method.getName().startsWith("prepare")) {
                                statements.incrementAndGet();
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
        jdbc = JdbcClient.create(counting);
        jdbc.sql(new ClassPathResource("db/kit/V2__inbox.sql").getContentAsString(StandardCharsets.UTF_8)).update();
        transactions = new TransactionTemplate(new DataSourceTransactionManager(counting));
        inbox = new Inbox(jdbc, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("TRUNCATE inbox").update();
    }

    private static byte[] record(UUID eventId) {
        return EventCodec.encode(EventEnvelope.of(eventId, Instant.parse("2026-12-05T00:00:00Z"), null, null,
                new OfferWithdrawn("offer-1", "test")));
    }

    private static List<ConsumerRecord<String, byte[]>> poll(byte[]... values) {
        return java.util.stream.IntStream.range(0, values.length)
                .mapToObj(i -> new ConsumerRecord<>("topic", 0, i, "key", values[i])).toList();
    }

    @Test
    void aPollAdmittedAheadAnswersEachRecordAsOneAtATimeWithOneStatement() {
        UUID first = UUID.randomUUID();
        UUID twice = UUID.randomUUID();
        UUID earlier = UUID.randomUUID();
        transactions.executeWithoutResult(s -> assertThat(inbox.admit(CONSUMER, record(earlier))).isPresent());
        byte[] a = record(first);
        byte[] b = record(twice);
        byte[] bAgain = record(twice); // the same event delivered twice in one poll
        byte[] old = record(earlier);  // delivered in an earlier poll
        byte[] broken = "not an envelope".getBytes(StandardCharsets.UTF_8);

        transactions.executeWithoutResult(s -> {
            statements.set(0);
            inbox.admitAhead(CONSUMER, poll(a, b, bAgain, old, broken));
            assertThat(statements).as("one statement for the poll").hasValue(1);

            assertThat(inbox.admit(CONSUMER, a).map(EventEnvelope::eventId)).contains(first);
            assertThat(inbox.admit(CONSUMER, b).map(EventEnvelope::eventId)).contains(twice);
            assertThat(inbox.admit(CONSUMER, bAgain)).as("the second delivery in the poll").isEmpty();
            assertThat(inbox.admit(CONSUMER, old)).as("delivered in an earlier poll").isEmpty();
            assertThat(statements).as("no statement of their own").hasValue(1);
            assertThatThrownBy(() -> inbox.admit(CONSUMER, broken)).isInstanceOf(EventCodec.MalformedEventException.class);
            assertThat(inbox.admit(CONSUMER, a)).as("the same record asked again is a duplicate").isEmpty();
        });
        assertThat(jdbc.sql("SELECT event_id FROM inbox ORDER BY processed_at").query(UUID.class).list())
                .containsExactlyInAnyOrder(earlier, first, twice);
        assertThat(inbox.admit("another-consumer", a)).as("per consumer").isPresent();
    }

    @Test
    void answersAheadDieWithTheirTransaction() {
        byte[] a = record(UUID.randomUUID());
        try {
            transactions.executeWithoutResult(s -> {
                inbox.admitAhead(CONSUMER, poll(a));
                throw new IllegalStateException("the batch failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        Optional<EventEnvelope<IntegrationEvent>> retried = transactions.execute(s -> inbox.admit(CONSUMER, a));
        assertThat(retried).as("admitted again, one record at a time, after the batch rolled back").isPresent();
        Optional<EventEnvelope<IntegrationEvent>> again = transactions.execute(s -> inbox.admit(CONSUMER, a));
        assertThat(again).isEmpty();
    }

    @Test
    void withoutATransactionNothingIsAdmittedAhead() {
        byte[] a = record(UUID.randomUUID());
        inbox.admitAhead(CONSUMER, poll(a));
        assertThat(jdbc.sql("SELECT count(*) FROM inbox").query(Long.class).single()).isZero();
        assertThat(inbox.admit(CONSUMER, a)).isPresent();
    }
}
