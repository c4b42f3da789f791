package com.cspmarket.order.cart.query;

import com.cspmarket.order.ReadModelDatabase;
import com.cspmarket.order.cart.api.CartCheckedOut;
import com.cspmarket.order.cart.api.CartCreated;
import com.cspmarket.order.cart.api.CartId;
import com.cspmarket.order.cart.api.CartLine;
import com.cspmarket.order.cart.api.CartUpdated;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.orders.api.OrderId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How often cart_view is read: a transaction reads a cart at most once (a cart created and read back, a cart read by
 * checkout and then checked out), and again only when the cart changed after it was read.
 */
class CartProjectionReadsIT {

    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");
    private static final List<CartLine> ONE = List.of(new CartLine(0, "offer", "sku", 1, null, null, null, null, null));
    private static final List<CartLine> TWO = List.of(new CartLine(0, "offer", "sku", 2, null, null, null, null, null));

    private static ReadModelDatabase db;
    private static CartProjection carts;

    @BeforeAll
    static void database() {
        db = new ReadModelDatabase("cart_reads_it", "cart_view");
        carts = new CartProjection(db.jdbc, db.writes, db.json);
    }

    @BeforeEach
    void count() {
        db.reads();
    }

    private static CartId created() {
        CartId cart = new CartId(UUID.randomUUID().toString());
        db.tx.executeWithoutResult(s -> carts.on(new CartCreated(cart, new CustomerId("c-1"), ONE), AT, 0));
        db.reads();
        return cart;
    }

    @Test
    void aCartCreatedAndReadBackInOneTransactionIsNotReadFromTheTable() {
        CartId cart = new CartId(UUID.randomUUID().toString());

        CartView answered = db.tx.execute(s -> {
            carts.on(new CartCreated(cart, new CustomerId("c-1"), ONE), AT, 0);
            return carts.find(cart.value()).orElseThrow();
        });

        assertThat(db.reads()).isZero();
        assertThat(answered.lineItems()).isEqualTo(ONE);
        assertThat(answered.version()).isZero();
        assertThat(carts.find(cart.value())).contains(answered); // what was committed is what was answered
        assertThat(db.reads()).isOne();
    }

    @Test
    void aCartReadAndThenCheckedOutInOneTransactionIsReadOnce() {
        CartId cart = created();
        OrderId order = new OrderId(UUID.randomUUID().toString());

        db.tx.executeWithoutResult(s -> {
            assertThat(carts.find(cart.value())).isPresent();
            carts.on(new CartCheckedOut(cart, order, "request-1"), AT.plusSeconds(1), 1);
            assertThat(carts.find(cart.value()).orElseThrow().status()).isEqualTo("CHECKED_OUT");
        });

        assertThat(db.reads()).isOne();
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

        db.tx.executeWithoutResult(s -> {
            assertThat(carts.find(cart.value()).orElseThrow().lineItems()).isEqualTo(ONE);
            // another transaction changes the cart and commits meanwhile
            db.inAnotherTransaction(() -> carts.on(new CartUpdated(cart, TWO), AT.plusSeconds(1), 1));
            carts.on(new CartCheckedOut(cart, order, "request-2"), AT.plusSeconds(2), 2);
        });

        assertThat(db.reads()).isEqualTo(3); // the first read, the other transaction's, and the read again
        CartView committed = carts.find(cart.value()).orElseThrow();
        assertThat(committed.lineItems()).as("the change made meanwhile is kept").isEqualTo(TWO);
        assertThat(committed.status()).isEqualTo("CHECKED_OUT");
        assertThat(committed.version()).isEqualTo(2);
    }
}
