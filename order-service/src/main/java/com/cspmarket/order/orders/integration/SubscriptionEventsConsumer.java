package com.cspmarket.order.orders.integration;

import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Topics;
import com.cspmarket.events.subscription.SubscriptionPurchaseRejected;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.kit.Inbox;
import com.cspmarket.order.orders.api.OrderId;
import com.cspmarket.order.orders.api.RecordLineFailure;
import com.cspmarket.order.orders.api.RecordLineFulfilment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.Optional;

/** The second half of order fulfilment: subscription-service tells how each order line ended. */
@Component
class SubscriptionEventsConsumer {

    private final CommandGateway commands;
    private final Inbox inbox;

    SubscriptionEventsConsumer(CommandGateway commands, Inbox inbox) {
        this.commands = commands;
        this.inbox = inbox;
    }

    @KafkaListener(topics = Topics.SUBSCRIPTIONS)
    @Transactional
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        Optional<EventEnvelope<IntegrationEvent>> decoded = inbox.admit("subscription-events", record.value());
        if (decoded.isEmpty()) {
            return;
        }
        IntegrationEvent event = decoded.get().payload();
        Object command = null;
        if (event instanceof SubscriptionPurchased s) {
            command = new RecordLineFulfilment(new OrderId(s.orderId()), s.orderLineNumber(), s.subscriptionId(),
                    s.activationLink());
        } else if (event instanceof SubscriptionPurchaseRejected r) {
            command = new RecordLineFailure(new OrderId(r.orderId()), r.orderLineNumber(), r.reason(), r.description());
        }
        if (command != null) {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(Inbox.lineage(decoded.get())));
        }
    }
}
