package com.cspmarket.subscription.subscription.query;

import com.cspmarket.kit.BatchedWrites;
import com.cspmarket.local.LocalPostgres;
import com.cspmarket.subscription.subscription.api.AutoRenewChanged;
import com.cspmarket.subscription.subscription.api.BillingCycle;
import com.cspmarket.subscription.subscription.api.Money;
import com.cspmarket.subscription.subscription.api.SubscriptionEvent;
import com.cspmarket.subscription.subscription.api.SubscriptionId;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchased;
import com.cspmarket.subscription.subscription.api.SubscriptionSuspended;
import com.cspmarket.subscription.subscription.api.Term;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SubscriptionProjection} against a real PostgreSQL: a batch of events writes each subscription's row once, with
 * its last state, and that row is what the events one by one would have left.
 */
class SubscriptionProjectionTest {

    private static final SubscriptionId ID = new SubscriptionId("3f1c7d2e-5b8a-4c1d-9e0f-123456789abc");
    private static final Instant AT = Instant.parse("2026-11-24T10:15:30Z");
    private static final Instant DEADLINE = AT.plus(Duration.ofDays(30));

    private static LocalPostgres postgres;
    private static JdbcClient jdbc;
    private static DataSource dataSource;
    private static TransactionTemplate tx;
    private static SubscriptionProjection projection;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.start(0, null);
        dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
                postgres.createDatabase("subscription_projection"), postgres.username(), postgres.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/kit", "classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ObjectMapper json = new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        projection = new SubscriptionProjection(jdbc, new BatchedWrites(dataSource), json);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("TRUNCATE subscription_view").update();
    }

    private static SubscriptionPurchased purchased() {
        return new SubscriptionPurchased(ID, "order-1", 1, "partner-1", "customer-1", "contoso.crm", "Contoso CRM",
                "Contoso", "monthly", 3, Term.P1M, BillingCycle.MONTHLY,
                new Money(new BigDecimal("10.00"), Currency.getInstance("USD")), AT, AT, AT.plus(Duration.ofDays(30)),
                "https://contoso.example/activate", "t", "US", AT.plus(Duration.ofDays(1)), "2026-01", DEADLINE);
    }

    private static String column(String name) {
        return jdbc.sql("SELECT " + name + "::text FROM subscription_view WHERE subscription_id = :id")
                .param("id", ID.value()).query(String.class).single();
    }

    private static Instant deadline() {
        return jdbc.sql("SELECT activation_deadline FROM subscription_view WHERE subscription_id = :id")
                .param("id", ID.value()).query(OffsetDateTime.class).single().toInstant();
    }

    @Test
    void aBatchWritesTheRowOnceWithItsLastState() {
        tx.executeWithoutResult(s -> {
            projection.on(purchased(), 0);
            projection.on(new AutoRenewChanged(ID, false), 1);
            projection.on(new SubscriptionSuspended(ID, AT.plusSeconds(60)), 2);
        });

        assertThat(column("version")).isEqualTo("2");
        assertThat(column("status")).isEqualTo("suspended");
        assertThat(column("CAST(document AS jsonb) ->> 'autoRenewEnabled'")).isEqualTo("false");
        assertThat(deadline()).isEqualTo(DEADLINE);
    }

    @Test
    void aPurchaseDeliveredAgainDoesNotTakeBackTheChangesAfterIt() {
        tx.executeWithoutResult(s -> {
            projection.on(purchased(), 0);
            projection.on(new AutoRenewChanged(ID, false), 1);
            projection.on(purchased(), 0); // at least once: delivered again
            projection.on(new SubscriptionSuspended(ID, AT.plusSeconds(60)), 2);
        });

        assertThat(column("status")).isEqualTo("suspended");
        assertThat(column("CAST(document AS jsonb) ->> 'autoRenewEnabled'")).as("the change at version 1 is kept").isEqualTo("false");
        assertThat(column("version")).isEqualTo("2");
    }

    @Test
    void aRowWhoseDocumentPredatesTheDeadlineKeepsTheDeadlineItsMigrationGaveIt() {
        tx.executeWithoutResult(s -> projection.on(purchased(), 0));
        // as V5__activation_deadline left a row of a purchase recorded before the deadline existed: the column filled,
        // the document without it
        jdbc.sql("UPDATE subscription_view SET document = CAST(document AS jsonb) - 'activationDeadline'").update();

        tx.executeWithoutResult(s -> projection.on(new AutoRenewChanged(ID, false), 1));

        assertThat(column("version")).isEqualTo("1");
        assertThat(deadline()).isEqualTo(DEADLINE);
    }

    /**
     * A replay or a processor's batch holds later events of subscriptions purchased in earlier batches: their rows are
     * read with one query for the batch at its first miss, not one per subscription, and a subscription without a row is
     * not looked for twice.
     */
    @Test
    void theRowsOfABatchsSubscriptionsAreReadInOneQuery() {
        List<SubscriptionId> ids = IntStream.range(0, 5)
                .mapToObj(i -> new SubscriptionId(UUID.nameUUIDFromBytes(("s" + i).getBytes()).toString())).toList();
        tx.executeWithoutResult(s -> ids.forEach(id -> projection.on(purchased(id), 0)));
        SubscriptionId unknown = new SubscriptionId(UUID.nameUUIDFromBytes("never purchased".getBytes()).toString());
        List<EventMessage<?>> batch = new ArrayList<>();
        for (SubscriptionId id : ids) {
            batch.add(domainEvent(id, 1, new AutoRenewChanged(id, false)));
        }
        batch.add(domainEvent(unknown, 1, new AutoRenewChanged(unknown, false)));
        batch.add(domainEvent(ids.get(0), 2, new SubscriptionSuspended(ids.get(0), AT.plusSeconds(60))));
        batch.add(domainEvent(unknown, 2, new SubscriptionSuspended(unknown, AT.plusSeconds(60))));

        AtomicInteger selects = new AtomicInteger();
        SubscriptionProjection counted = counting(selects);
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        countingTx.executeWithoutResult(s -> assertThat(unitOfWork.executeWithResult(() -> {
            DomainEventMessage<?> event = (DomainEventMessage<?>) unitOfWork.getMessage();
            counted.on((SubscriptionEvent) event.getPayload(), event.getSequenceNumber());
            return null;
        }).isExceptional()).isFalse());

        assertThat(selects).as("SELECTs of subscription_view in the batch").hasValue(1);
        assertThat(jdbc.sql("SELECT subscription_id, status, version FROM subscription_view ORDER BY subscription_id")
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3)).list())
                .containsExactlyElementsOf(ids.stream().map(SubscriptionId::value).sorted()
                        .map(id -> id + (id.equals(ids.get(0).value()) ? " suspended 2" : " pending 1")).toList());
    }

    private static SubscriptionPurchased purchased(SubscriptionId id) {
        SubscriptionPurchased p = purchased();
        return new SubscriptionPurchased(id, p.orderId(), p.orderLineNumber(), p.partnerId(), p.customerId(),
                p.offerId(), p.offerName(), p.publisherName(), p.skuId(), p.quantity(), p.term(), p.billingCycle(),
                p.unitPrice(), p.purchasedAt(), p.termStart(), p.termEnd(), p.activationLink(), p.activationToken(),
                p.market(), p.cancellableUntil(), p.cancellationPolicyVersion(), p.activationDeadline(), p.details());
    }

    private static DomainEventMessage<?> domainEvent(SubscriptionId id, long sequence, SubscriptionEvent payload) {
        return new GenericDomainEventMessage<>("Subscription", id.value(), sequence, payload);
    }

    private static TransactionTemplate countingTx;

    /** A projection whose connections count the statements that read subscription_view. */
    private static SubscriptionProjection counting(AtomicInteger selects) {
        DataSource counted = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[]{DataSource.class}, (proxy, method, args) -> {
                    Object result = method.invoke(dataSource, args);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                            (p, m, a) -> {
                                if (m.getName().startsWith("prepare") && a != null && a[0] instanceof String sql
                                        && sql.startsWith("SELECT") && sql.contains("FROM subscription_view")) {
                                    selects.incrementAndGet();
                                }
                                try {
                                    return m.invoke(connection, a);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
        countingTx = new TransactionTemplate(new DataSourceTransactionManager(counted));
        ObjectMapper json = new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return new SubscriptionProjection(JdbcClient.create(counted), new BatchedWrites(counted), json);
    }
}
