package com.cspmarket.order.cart.command;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.order.cart.api.CartCheckedOut;
import com.cspmarket.order.cart.api.CartCreated;
import com.cspmarket.order.cart.api.CartId;
import com.cspmarket.order.cart.api.CartLine;
import com.cspmarket.order.cart.api.CartUpdated;
import com.cspmarket.order.cart.api.CheckOutCart;
import com.cspmarket.order.cart.api.CreateCart;
import com.cspmarket.order.cart.api.UpdateCart;
import com.cspmarket.order.orders.api.OrderId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.http.HttpStatus;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A customer's cart: lines that may be replaced until it is checked out, exactly once, into an order. A checkout
 * retried with the same request id is recognised and changes nothing.
 */
@Aggregate
public class Cart {

    @AggregateIdentifier
    private CartId cartId;
    private OrderId orderId;
    private String requestId;

    protected Cart() {
    }

    @CommandHandler
    public Cart(CreateCart command) {
        requireValid(command.lines());
        apply(new CartCreated(command.cartId(), command.customerId(), command.lines()));
    }

    @CommandHandler
    void handle(UpdateCart command) {
        if (orderId != null) {
            throw new BusinessException("cart-already-checked-out", HttpStatus.CONFLICT,
                    "cart " + cartId + " was checked out into order " + orderId + " and can no longer change");
        }
        requireValid(command.lines());
        apply(new CartUpdated(cartId, command.lines()));
    }

    /** @return the order the cart is checked out into: the new one, or for a retried checkout the existing one */
    @CommandHandler
    OrderId handle(CheckOutCart command) {
        if (orderId != null) {
            if (command.requestId().equals(requestId)) {
                return orderId; // the same checkout, retried: nothing new happens
            }
            throw new BusinessException("cart-already-checked-out", HttpStatus.CONFLICT,
                    "cart " + cartId + " was already checked out into order " + orderId);
        }
        apply(new CartCheckedOut(cartId, command.orderId(), command.requestId()));
        return command.orderId();
    }

    @EventSourcingHandler
    void on(CartCreated event) {
        cartId = event.cartId();
    }

    @EventSourcingHandler
    void on(CartCheckedOut event) {
        orderId = event.orderId();
        requestId = event.requestId();
    }

    private static void requireValid(List<CartLine> lines) {
        if (lines.isEmpty()) {
            throw new BusinessException("empty-cart", HttpStatus.UNPROCESSABLE_ENTITY, "a cart needs at least one line item");
        }
        Set<Integer> numbers = new HashSet<>();
        for (CartLine line : lines) {
            if (!numbers.add(line.lineNumber())) {
                throw new BusinessException("invalid-cart", HttpStatus.UNPROCESSABLE_ENTITY,
                        "line number " + line.lineNumber() + " appears twice");
            }
            if (line.quantity() < 1) {
                throw new BusinessException("invalid-cart", HttpStatus.UNPROCESSABLE_ENTITY,
                        "line " + line.lineNumber() + ": quantity must be at least 1");
            }
        }
    }
}
