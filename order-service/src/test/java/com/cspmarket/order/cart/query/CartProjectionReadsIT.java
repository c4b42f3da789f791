package com.cspmarket.order.cart.query;

import com.cspmarket.kit.BatchedWrites;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.order.cart.api.CartCheckedOut;
import com.cspmarket.order.cart.api.CartCreated;
import com.cspmarket.order.cart.api.CartId;
import com.cspmarket.order.cart.api.CartLine;
import com.cspmarket.order.cart.api.CartUpdated;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.orders.api.OrderId;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How often cart_view is read: a transaction reads a cart at most once (a cart created and read back, a cart read by
 * checkout and then checked out), and again only when the cart changed after it was read.
 */
class CartProjectionReadsIT {

    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");
    private static final List<CartLine> ONE = List.of(new CartLine(0, "offer", "sku", 1, null, null, null, null, null));
    private static final List<CartLine> TWO = List.of(new CartLine(0, "offer", "sku", 2, null, null, null, null, null));

    private static final AtomicInteger cartReads = new AtomicInteger();
    private static CartProjection carts;
    private static TransactionTemplate tx;

    @BeforeAll
    static void database() {
        var postgres = SharedInfrastructure.get().postgres();
        DataSource plain = new SimpleDriverDataSource(new org.postgresql.Driver(),
                postgres.recreateDatabase("cart_reads_it"), postgres.username(), postgres.password());
        Flyway.configure().dataSource(plain).locations("classpath:db/kit", "classpath:db/migration").load().migrate();
        DataSource counting = new DelegatingDataSource(plain) {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                return countingCartReads(super.getConnection());
            }
        };
        ObjectMapper json = new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        carts = new CartProjection(JdbcClient.create(counting), new BatchedWrites(counting), json);
        tx = new TransactionTemplate(new DataSourceTransactionManager(counting));
    }

    /** A connection that counts the statements prepared to read cart_view. */
    private static Connection countingCartReads(Connection connection) {
        return (Connection) Proxy.newProxyInstance(CartProjectionReadsIT.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
                            && sql.startsWith("SELECT") && sql.contains("FROM cart_view")) {
                        cartReads.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @BeforeEach
    void count() {
        cartReads.set(0);
    }

    private static CartId created() {
        CartId cart = new CartId(UUID.randomUUID().toString());
        tx.executeWithoutResult(s -> carts.on(new CartCreated(cart, new CustomerId("c-1"), ONE), AT, 0));
        cartReads.set(0);
        return cart;
    }

    @Test
    void aCartCreatedAndReadBackInOneTransactionIsNotReadFromTheTable() {
        CartId cart = new CartId(UUID.randomUUID().toString());

        CartView answered = tx.execute(s -> {
            carts.on(new CartCreated(cart, new CustomerId("c-1"), ONE), AT, 0);
            return carts.find(cart.value()).orElseThrow();
        });

        assertThat(cartReads).hasValue(0);
        assertThat(answered.lineItems()).isEqualTo(ONE);
        assertThat(answered.version()).isZero();
        assertThat(carts.find(cart.value())).contains(answered); // what was committed is what was answered
        assertThat(cartReads).hasValue(1);
    }

    @Test
    void aCartReadAndThenCheckedOutInOneTransactionIsReadOnce() {
        CartId cart = created();
        OrderId order = new OrderId(UUID.randomUUID().toString());

        tx.executeWithoutResult(s -> {
            assertThat(carts.find(cart.value())).isPresent();
            carts.on(new CartCheckedOut(cart, order, "request-1"), AT.plusSeconds(1), 1);
            assertThat(carts.find(cart.value()).orElseThrow().status()).isEqualTo("CHECKED_OUT");
        });

        assertThat(cartReads).hasValue(1);
        CartView committed = carts.find(cart.value()).orElseThrow();
        assertThat(committed.status()).isEqualTo("CHECKED_OUT");
        assertThat(committed.orderId()).isEqualTo(order.value());
        assertThat(committed.lineItems()).isEqualTo(ONE);
        assertThat(committed.version()).isEqualTo(1);
    }

    @Test
    void aCartThatChangedAfterItWasReadIsReadAgainBeforeAnEventAppliesToIt() {
        CartId cart = created();
        OrderId order = new OrderId(UUID.randomUUID().toString());

        tx.executeWithoutResult(s -> {
            assertThat(carts.find(cart.value()).orElseThrow().lineItems()).isEqualTo(ONE);
            updateElsewhere(cart); // another transaction changes the cart and commits meanwhile
            carts.on(new CartCheckedOut(cart, order, "request-2"), AT.plusSeconds(2), 2);
        });

        assertThat(cartReads).hasValue(3); // the first read, the other transaction's, and the read again
        CartView committed = carts.find(cart.value()).orElseThrow();
        assertThat(committed.lineItems()).as("the change made meanwhile is kept").isEqualTo(TWO);
        assertThat(committed.status()).isEqualTo("CHECKED_OUT");
        assertThat(committed.version()).isEqualTo(2);
    }

    /** CartUpdated applied and committed in a transaction of its own, beside the one running. */
    private static void updateElsewhere(CartId cart) {
        TransactionTemplate separate = new TransactionTemplate(tx.getTransactionManager());
        separate.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        separate.executeWithoutResult(s -> carts.on(new CartUpdated(cart, TWO), AT.plusSeconds(1), 1));
    }
}
