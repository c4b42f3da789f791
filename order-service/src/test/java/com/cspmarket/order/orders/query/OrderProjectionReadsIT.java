package com.cspmarket.order.orders.query;

import com.cspmarket.order.ReadModelDatabase;
import com.cspmarket.order.cart.api.CartId;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.orders.api.Money;
import com.cspmarket.order.orders.api.OrderId;
import com.cspmarket.order.orders.api.OrderLine;
import com.cspmarket.order.orders.api.OrderPlaced;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A checkout answers with the order it placed without reading order_view back, and only to the order's customer. */
class OrderProjectionReadsIT {

    private static ReadModelDatabase db;
    private static OrderProjection orders;

    @BeforeAll
    static void database() {
        db = new ReadModelDatabase("order_reads_it", "order_view");
        orders = new OrderProjection(db.jdbc, db.writes, db.json);
    }

    private static OrderPlaced placed(String customer) {
        return new OrderPlaced(new OrderId(UUID.randomUUID().toString()), new CartId("cart-1"), new CustomerId(customer),
                "partner-1", "US", List.of(new OrderLine(0, "offer", "Offer", "Publisher", "sku", 2, "P1M", "MONTHLY",
                new Money(new BigDecimal("12.50"), Currency.getInstance("USD")), "US", null, null, "Sku", "publisher-1")),
                Instant.parse("2026-12-05T10:00:00Z"));
    }

    @Test
    void anOrderPlacedInTheTransactionIsAnsweredFromWhatItHoldsAndOnlyToItsCustomer() {
        OrderPlaced order = placed("customer-1");
        String id = order.orderId().value();
        db.reads();

        OrderView answered = db.tx.execute(s -> {
            orders.on(order, 0);
            assertThat(orders.find("customer-2", id)).as("another customer's order is not found").isEmpty();
            return orders.find("customer-1", id).orElseThrow();
        });

        assertThat(db.reads()).isZero();
        assertThat(answered.lineItems()).singleElement().satisfies(line -> assertThat(line.quantity()).isEqualTo(2));
        Optional<OrderView> committed = orders.find("customer-1", id);
        assertThat(db.reads()).isOne();
        assertThat(committed).contains(answered); // what was committed is what was answered
        assertThat(orders.find("customer-2", id)).isEmpty();
    }
}
