package com.cspmarket.order.cart.command;

import com.cspmarket.order.cart.api.CartCheckedOut;
import com.cspmarket.order.cart.api.CartCreated;
import com.cspmarket.order.cart.api.CartId;
import com.cspmarket.order.cart.api.CartLine;
import com.cspmarket.order.cart.api.CheckOutCart;
import com.cspmarket.order.cart.api.CartUpdated;
import com.cspmarket.order.cart.api.CreateCart;
import com.cspmarket.order.cart.api.UpdateCart;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.orders.api.OrderId;
import com.cspmarket.kit.BusinessException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

class CartTest {

    static final CartId CART = new CartId("cart-1");
    static final CustomerId CUSTOMER = new CustomerId("customer-1");
    static final List<CartLine> LINES = List.of(new CartLine(0, "contoso.crm", "monthly", 3, null, null, "US", null, null));

    AggregateTestFixture<Cart> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Cart.class);
    }

    @Test
    void createsACartWithItsLines() {
        fixture.givenNoPriorActivity()
                .when(new CreateCart(CART, CUSTOMER, LINES))
                .expectEvents(new CartCreated(CART, CUSTOMER, LINES));
    }

    @Test
    void cannotCreateAnEmptyCart() {
        fixture.givenNoPriorActivity()
                .when(new CreateCart(CART, CUSTOMER, List.of()))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void cannotOrderLessThanOneUnit() {
        fixture.givenNoPriorActivity()
                .when(new CreateCart(CART, CUSTOMER, List.of(new CartLine(0, "contoso.crm", "monthly", 0, null, null, "US", null, null))))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void checksOutIntoAnOrder() {
        OrderId order = new OrderId("order-1");
        fixture.given(new CartCreated(CART, CUSTOMER, LINES))
                .when(new CheckOutCart(CART, order, "request-1", 0L))
                .expectEvents(new CartCheckedOut(CART, order, "request-1"))
                .expectResultMessagePayload(order);
    }

    @Test
    void cannotCheckOutTheSameCartTwice() {
        fixture.given(new CartCreated(CART, CUSTOMER, LINES), new CartCheckedOut(CART, new OrderId("order-1"), "request-1"))
                .when(new CheckOutCart(CART, new OrderId("order-2"), "request-2", 1L))
                .expectException(BusinessException.class)
                .expectExceptionMessage("cart cart-1 was already checked out into order order-1")
                .expectNoEvents();
    }

    @Test
    void aRetriedCheckoutReturnsTheFirstOrderAndChangesNothing() {
        fixture.given(new CartCreated(CART, CUSTOMER, LINES), new CartCheckedOut(CART, new OrderId("order-1"), "request-1"))
                .when(new CheckOutCart(CART, new OrderId("order-2"), "request-1", null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new OrderId("order-1"));
    }

    @Test
    void linesCanBeReplacedUntilCheckout() {
        List<CartLine> more = List.of(new CartLine(0, "contoso.crm", "monthly", 5, "P1M", "MONTHLY", "US", "CRM", java.util.Map.of("domain", "adatum.example")));
        fixture.given(new CartCreated(CART, CUSTOMER, LINES))
                .when(new UpdateCart(CART, more, null))
                .expectEvents(new CartUpdated(CART, more));
        fixture.given(new CartCreated(CART, CUSTOMER, LINES), new CartCheckedOut(CART, new OrderId("order-1"), "request-1"))
                .when(new UpdateCart(CART, more, null))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void anUpdateFromAStaleVersionIsRefused() {
        fixture.given(new CartCreated(CART, CUSTOMER, LINES), new CartUpdated(CART, LINES))
                .when(new UpdateCart(CART, LINES, 0L))
                .expectException(org.axonframework.modelling.command.ConflictingAggregateVersionException.class)
                .expectNoEvents();
    }

    @Test
    void aCheckoutOfLinesThatChangedSinceTheyWerePricedIsRefused() {
        fixture.given(new CartCreated(CART, CUSTOMER, LINES), new CartUpdated(CART, LINES))
                .when(new CheckOutCart(CART, new OrderId("order-1"), "request-1", 0L))
                .expectException(org.axonframework.modelling.command.ConflictingAggregateVersionException.class)
                .expectNoEvents();
    }
}
