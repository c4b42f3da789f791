package com.cspmarket.order.orders.command;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.order.orders.api.OrderCompleted;
import com.cspmarket.order.orders.api.OrderId;
import com.cspmarket.order.orders.api.OrderLine;
import com.cspmarket.order.orders.api.OrderLineFailed;
import com.cspmarket.order.orders.api.OrderLineFulfilled;
import com.cspmarket.order.orders.api.OrderPlaced;
import com.cspmarket.order.orders.api.PlaceOrder;
import com.cspmarket.order.orders.api.RecordLineFailure;
import com.cspmarket.order.orders.api.RecordLineFulfilment;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.http.HttpStatus;

import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An order: the lines of a checked-out cart at the prices quoted at checkout, each settled once by
 * subscription-service (fulfilled with a subscription, or failed); when all are settled the order completes.
 * Settling is idempotent: a redelivered subscription event changes nothing.
 */
@Aggregate
public class Order {

    private enum LineState { PENDING, FULFILLED, FAILED }

    @AggregateIdentifier
    private OrderId orderId;
    private final Map<Integer, LineState> lines = new HashMap<>();
    private boolean completed;

    protected Order() {
    }

    @CommandHandler
    public Order(PlaceOrder command) {
        if (command.lines().isEmpty()) {
            throw new BusinessException("empty-order", HttpStatus.UNPROCESSABLE_ENTITY, "an order needs at least one line");
        }
        apply(new OrderPlaced(command.orderId(), command.cartId(), command.customerId(), command.partnerId(),
                command.billingCountry(), command.lines(), command.placedAt(), command.customerName(),
                command.customerDomainName()));
    }

    @CommandHandler
    void handle(RecordLineFulfilment command) {
        if (settleable(command.lineNumber())) {
            apply(new OrderLineFulfilled(orderId, command.lineNumber(), command.subscriptionId(), command.activationLink()));
            completeIfSettled();
        }
    }

    @CommandHandler
    void handle(RecordLineFailure command) {
        if (settleable(command.lineNumber())) {
            apply(new OrderLineFailed(orderId, command.lineNumber(), command.reason(), command.description()));
            completeIfSettled();
        }
    }

    private boolean settleable(int lineNumber) {
        LineState state = lines.get(lineNumber);
        if (state == null) {
            throw new BusinessException("order-line-not-found", HttpStatus.NOT_FOUND,
                    "order " + orderId + " has no line " + lineNumber);
        }
        return state == LineState.PENDING;
    }

    private void completeIfSettled() {
        if (!completed && lines.values().stream().noneMatch(s -> s == LineState.PENDING)) {
            apply(new OrderCompleted(orderId, (int) lines.values().stream().filter(s -> s == LineState.FULFILLED).count(),
                    (int) lines.values().stream().filter(s -> s == LineState.FAILED).count()));
        }
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        orderId = event.orderId();
        for (OrderLine line : event.lines()) {
            lines.put(line.lineNumber(), LineState.PENDING);
        }
    }

    @EventSourcingHandler
    void on(OrderLineFulfilled event) {
        lines.put(event.lineNumber(), LineState.FULFILLED);
    }

    @EventSourcingHandler
    void on(OrderLineFailed event) {
        lines.put(event.lineNumber(), LineState.FAILED);
    }

    @EventSourcingHandler
    void on(OrderCompleted event) {
        completed = true;
    }
}
