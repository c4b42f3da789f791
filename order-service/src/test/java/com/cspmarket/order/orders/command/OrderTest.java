package com.cspmarket.order.orders.command;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.order.cart.api.CartId;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.orders.api.Money;
import com.cspmarket.order.orders.api.OrderCompleted;
import com.cspmarket.order.orders.api.OrderId;
import com.cspmarket.order.orders.api.OrderLine;
import com.cspmarket.order.orders.api.OrderLineFailed;
import com.cspmarket.order.orders.api.OrderLineFulfilled;
import com.cspmarket.order.orders.api.OrderPlaced;
import com.cspmarket.order.orders.api.RecordLineFailure;
import com.cspmarket.order.orders.api.RecordLineFulfilment;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;

class OrderTest {

    static final OrderId ORDER = new OrderId("order-1");
    static final Money PRICE = new Money(new BigDecimal("12.50"), Currency.getInstance("USD"));
    static final OrderPlaced TWO_LINES = new OrderPlaced(ORDER, new CartId("cart-1"), new CustomerId("c-1"), "partner-1",
            "US", List.of(new OrderLine(1, "contoso.crm", "CRM", "Contoso", "m", 3, "P1M", "MONTHLY", PRICE, "US", null, null),
            new OrderLine(2, "fabrikam.backup", "Backup", "Fabrikam", "u", 5, "P1Y", "MONTHLY", PRICE, "US", null, null)),
            Instant.parse("2026-11-24T10:00:00Z"));

    AggregateTestFixture<Order> fixture = new AggregateTestFixture<>(Order.class);

    @Test
    void aFulfilledLineCarriesItsSubscriptionAndActivationLink() {
        fixture.given(TWO_LINES)
                .when(new RecordLineFulfilment(ORDER, 1, "sub-1", "https://x/activate"))
                .expectEvents(new OrderLineFulfilled(ORDER, 1, "sub-1", "https://x/activate"));
    }

    @Test
    void theOrderCompletesWhenEveryLineIsSettled() {
        fixture.given(TWO_LINES, new OrderLineFulfilled(ORDER, 1, "sub-1", "https://x/activate"))
                .when(new RecordLineFailure(ORDER, 2, "INVALID_QUANTITY", "quantity must be at least 1"))
                .expectEvents(new OrderLineFailed(ORDER, 2, "INVALID_QUANTITY", "quantity must be at least 1"),
                        new OrderCompleted(ORDER, 1, 1));
    }

    @Test
    void aRedeliveredFulfilmentChangesNothing() {
        fixture.given(TWO_LINES, new OrderLineFulfilled(ORDER, 1, "sub-1", "https://x/activate"))
                .when(new RecordLineFulfilment(ORDER, 1, "sub-1", "https://x/activate"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anUnknownLineIsAnError() {
        fixture.given(TWO_LINES)
                .when(new RecordLineFulfilment(ORDER, 9, "sub-9", "https://x/activate"))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }
}
