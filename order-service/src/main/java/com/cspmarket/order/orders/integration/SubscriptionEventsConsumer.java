package com.cspmarket.order.orders.integration;

import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Topics;
import com.cspmarket.events.subscription.SubscriptionPurchaseRejected;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.kit.IntegrationEventDispatcher;
import com.cspmarket.kit.RecordBatches;
import com.cspmarket.order.orders.api.OrderId;
import com.cspmarket.order.orders.api.RecordLineFailure;
import com.cspmarket.order.orders.api.RecordLineFulfilment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/** The second half of order fulfilment: subscription-service tells how each order line ended. */
@Component
class SubscriptionEventsConsumer {

    private static final String CONSUMER = "subscription-events";

    private final RecordBatches batches;
    private final IntegrationEventDispatcher dispatcher;

    SubscriptionEventsConsumer(RecordBatches batches, IntegrationEventDispatcher dispatcher) {
        this.batches = batches;
        this.dispatcher = dispatcher;
    }

    /**
     * A poll's records in one transaction ({@link RecordBatches}), admitted to the inbox in one statement. On twice the
     * threads of the other listeners ({@code platform.kafka.fulfilment-concurrency}): this listener shares its JVM with
     * the request threads that take the checkouts, and with one thread of its own it fell ~8 s behind them at
     * saturation, while the other services' listeners kept up (BENCHMARKS.md, 2026-12-05 evening).
     */
    @KafkaListener(topics = Topics.SUBSCRIPTIONS, batch = "true",
            concurrency = "${platform.kafka.fulfilment-concurrency:#{2 * ${platform.kafka.listener-concurrency}}}")
    public void onRecords(List<ConsumerRecord<String, byte[]>> records) {
        batches.apply(records, batch -> dispatcher.admitAhead(CONSUMER, batch), this::apply);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        dispatcher.dispatch(CONSUMER, record.value(), envelope -> commandsFor(envelope.payload()));
    }

    private static List<?> commandsFor(IntegrationEvent event) {
        if (event instanceof SubscriptionPurchased s) {
            return List.of(new RecordLineFulfilment(new OrderId(s.orderId()), s.orderLineNumber(), s.subscriptionId(),
                    s.activationLink()));
        }
        if (event instanceof SubscriptionPurchaseRejected r) {
            return List.of(new RecordLineFailure(new OrderId(r.orderId()), r.orderLineNumber(), r.reason(),
                    r.description()));
        }
        return List.of();
    }
}
