package com.cspmarket.subscription.subscription.integration;

import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Topics;
import com.cspmarket.events.order.OrderPlaced;
import com.cspmarket.kit.Inbox;
import com.cspmarket.subscription.subscription.api.BillingCycle;
import com.cspmarket.subscription.subscription.api.Money;
import com.cspmarket.subscription.subscription.api.PurchaseSubscription;
import com.cspmarket.subscription.subscription.api.SubscriptionId;
import com.cspmarket.subscription.subscription.api.Term;
import com.cspmarket.subscription.subscription.policy.CancellationPolicy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns each line of a placed order into a subscription purchase. The inbox entry and the new subscriptions
 * commit in one transaction, and subscription ids derive from order lines: a redelivered order creates nothing.
 */
@Component
class OrderEventsConsumer {

    private final CommandGateway commands;
    private final Inbox inbox;
    private final String activationBaseUrl;
    private final CancellationPolicy cancellationPolicy;

    OrderEventsConsumer(CommandGateway commands, Inbox inbox, CancellationPolicy cancellationPolicy,
                        @Value("${subscription.activation.base-url:http://localhost:8083}") String activationBaseUrl) {
        this.commands = commands;
        this.inbox = inbox;
        this.cancellationPolicy = cancellationPolicy;
        this.activationBaseUrl = activationBaseUrl;
    }

    @KafkaListener(topics = Topics.ORDERS)
    @Transactional
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        Optional<EventEnvelope<IntegrationEvent>> decoded = inbox.admit("order-events", record.value());
        if (decoded.isEmpty()) {
            return;
        }
        EventEnvelope<IntegrationEvent> envelope = decoded.get();
        if (envelope.payload() instanceof OrderPlaced order) {
            MetaData lineage = Inbox.lineage(envelope);
            for (OrderPlaced.LineItem line : order.lineItems()) {
                SubscriptionId subscriptionId = SubscriptionId.forOrderLine(order.orderId(), line.lineNumber());
                String token = UUID.randomUUID().toString();
                Optional<CancellationPolicy.Window> window = cancellationPolicy.windowFor(line.term(), line.offerId(),
                        order.billingCountry());
                PurchaseSubscription purchase = new PurchaseSubscription(subscriptionId, order.orderId(),
                        line.lineNumber(), order.partnerId(), order.customerId(), line.offerId(), line.offerName(),
                        line.publisherName(), line.skuId(), line.quantity(), Term.valueOf(line.term()),
                        BillingCycle.valueOf(line.billingCycle()), money(line.quotedUnitPrice()), order.placedAt(),
                        activationBaseUrl + "/v1/subscriptions/" + subscriptionId + "/activation?token=" + token, token,
                        order.billingCountry(), window.map(w -> order.placedAt().plus(w.length())).orElse(null),
                        window.map(CancellationPolicy.Window::policyVersion).orElse(null));
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(purchase).andMetaData(lineage));
            }
        }
    }

    private static Money money(com.cspmarket.events.Money money) {
        BigDecimal amount = money.amount();
        return new Money(amount, Currency.getInstance(money.currency()));
    }
}
