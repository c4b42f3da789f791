package com.cspmarket.billing.charge.integration;

import com.cspmarket.billing.charge.api.Money;
import com.cspmarket.billing.charge.api.RecordActivation;
import com.cspmarket.billing.charge.api.RecordCancellation;
import com.cspmarket.billing.charge.api.RecordPurchase;
import com.cspmarket.kit.Inbox;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Topics;
import com.cspmarket.events.subscription.SubscriptionActivated;
import com.cspmarket.events.subscription.SubscriptionCancelled;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.Currency;
import java.util.Optional;

/**
 * Turns subscription facts into billing facts (a purchase: its price; an activation: the first charge). The inbox
 * entry and the effect commit together, so redelivery bills nothing twice.
 */
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
        EventEnvelope<IntegrationEvent> envelope = decoded.get();
        MetaData lineage = Inbox.lineage(envelope);
        Object command = null;
        if (envelope.payload() instanceof SubscriptionPurchased s) {
            command = new RecordPurchase(s.subscriptionId(), envelope.eventId().toString(), s.partnerId(),
                    s.customerId(), s.orderId(), s.offerId(), s.offerName(), s.publisherName(), s.skuId(), s.quantity(),
                    s.term(), s.billingCycle(),
                    new Money(s.unitPrice().amount(), Currency.getInstance(s.unitPrice().currency())));
        } else if (envelope.payload() instanceof SubscriptionActivated a) {
            command = new RecordActivation(a.subscriptionId(), envelope.eventId().toString(), a.termStart(), a.termEnd());
        } else if (envelope.payload() instanceof SubscriptionCancelled c) {
            command = new RecordCancellation(c.subscriptionId(), envelope.eventId().toString(), c.cancelledAt(), c.refund());
        }
        if (command != null) {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(lineage));
        }
    }
}
