package com.cspmarket.billing.charge.integration;

import com.cspmarket.billing.charge.api.Money;
import com.cspmarket.billing.charge.api.PurchaseRecorded;
import com.cspmarket.billing.charge.api.RecordActivation;
import com.cspmarket.billing.charge.api.RecordCancellation;
import com.cspmarket.billing.charge.api.RecordPurchase;
import com.cspmarket.billing.charge.api.RecordQuantityIncrease;
import com.cspmarket.billing.charge.api.RecordRenewal;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Topics;
import com.cspmarket.events.subscription.SubscriptionActivated;
import com.cspmarket.events.subscription.SubscriptionCancelled;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.events.subscription.SubscriptionQuantityIncreased;
import com.cspmarket.events.subscription.SubscriptionRenewed;
import com.cspmarket.kit.Inbox;
import com.cspmarket.kit.IntegrationEventDispatcher;
import com.cspmarket.kit.RecordBatches;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.Currency;
import java.util.List;

/**
 * Turns subscription facts into billing facts (a purchase: its price; an activation: the first charge; a renewal:
 * the new term; added seats: a prorated charge; a cancellation inside the window: the credit). Expiry, scheduled
 * decreases and cancellations at term end charge nothing (the renewal that does not happen, or happens with fewer
 * seats, says it all). Redelivery bills nothing twice. A subscription's events are applied in the order of its history
 * ({@link SubscriptionHistoryOrder}), however Kafka delivers them; an envelope without a sequence (written before
 * sequences existed) is applied on arrival.
 */
@Component
class SubscriptionEventsConsumer {

    static final String CONSUMER = "subscription-events";

    private final RecordBatches batches;
    private final Inbox inbox;
    private final SubscriptionHistoryOrder order;
    private final IntegrationEventDispatcher dispatcher;

    SubscriptionEventsConsumer(RecordBatches batches, Inbox inbox, SubscriptionHistoryOrder order,
                               IntegrationEventDispatcher dispatcher) {
        this.batches = batches;
        this.inbox = inbox;
        this.order = order;
        this.dispatcher = dispatcher;
    }

    /** A poll's records in one transaction ({@link RecordBatches}). */
    @KafkaListener(topics = Topics.SUBSCRIPTIONS, batch = "true")
    public void onRecords(List<ConsumerRecord<String, byte[]>> records) {
        batches.apply(records, batch -> inbox.admitAhead(CONSUMER, batch), this::apply);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        inbox.admit(CONSUMER, record.value()).ifPresent(envelope -> {
            List<EventEnvelope<IntegrationEvent>> ready = envelope.aggregateSequence() == null
                    ? List.of(envelope) : order.arrived(envelope, record.value());
            ready.forEach(event -> dispatcher.send(event, SubscriptionEventsConsumer::commandsFor));
        });
    }

    private static List<?> commandsFor(EventEnvelope<IntegrationEvent> envelope) {
        String eventId = envelope.eventId().toString();
        if (envelope.payload() instanceof SubscriptionPurchased s) {
            return List.of(new RecordPurchase(s.subscriptionId(), eventId, s.partnerId(), s.customerId(), s.orderId(),
                    s.offerId(), s.offerName(), s.publisherName(), s.skuId(), s.quantity(), s.term(), s.billingCycle(),
                    money(s.unitPrice()), new PurchaseRecorded.Details(s.purchasedAt(), s.market(), s.skuName(),
                    s.publisherId(), s.customerName(), s.customerDomainName(), s.friendlyName())));
        }
        if (envelope.payload() instanceof SubscriptionRenewed r) {
            return List.of(new RecordRenewal(r.subscriptionId(), eventId, r.termNumber(), r.termStart(), r.termEnd(),
                    r.quantity(), money(r.unitPrice())));
        }
        if (envelope.payload() instanceof SubscriptionQuantityIncreased q) {
            return List.of(new RecordQuantityIncrease(q.subscriptionId(), eventId, q.fromQuantity(), q.toQuantity(),
                    q.effectiveAt(), q.termStart(), q.termEnd(), money(q.unitPrice())));
        }
        if (envelope.payload() instanceof SubscriptionActivated a) {
            return List.of(new RecordActivation(a.subscriptionId(), eventId, a.termStart(), a.termEnd()));
        }
        if (envelope.payload() instanceof SubscriptionCancelled c) {
            return List.of(new RecordCancellation(c.subscriptionId(), eventId, c.cancelledAt(), c.refund()));
        }
        if (envelope.payload() instanceof com.cspmarket.events.subscription.SubscriptionSuspended s) {
            return List.of(new com.cspmarket.billing.charge.api.RecordSuspension(s.subscriptionId(), eventId, true,
                    s.suspendedAt()));
        }
        if (envelope.payload() instanceof com.cspmarket.events.subscription.SubscriptionReinstated r) {
            return List.of(new com.cspmarket.billing.charge.api.RecordSuspension(r.subscriptionId(), eventId, false,
                    r.reinstatedAt()));
        }
        return List.of();
    }

    private static Money money(com.cspmarket.events.Money money) {
        return new Money(money.amount(), Currency.getInstance(money.currency()));
    }
}
