package com.cspmarket.order.orders.command;

import com.cspmarket.order.orders.api.OrderId;
import com.cspmarket.order.orders.api.OrderPlaced;
import com.cspmarket.order.orders.api.PlaceOrder;
import com.cspmarket.kit.BusinessException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.http.HttpStatus;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An order: the lines of a checked-out cart at the prices quoted at checkout. */
@Aggregate
public class Order {

    @AggregateIdentifier
    private OrderId orderId;

    protected Order() {
    }

    @CommandHandler
    public Order(PlaceOrder command) {
        if (command.lines().isEmpty()) {
            throw new BusinessException("empty-order", HttpStatus.UNPROCESSABLE_ENTITY, "an order needs at least one line");
        }
        apply(new OrderPlaced(command.orderId(), command.cartId(), command.customerId(), command.partnerId(),
                command.billingCountry(), command.lines(), command.placedAt()));
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        orderId = event.orderId();
    }
}
