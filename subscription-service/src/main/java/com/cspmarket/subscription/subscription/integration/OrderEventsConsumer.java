package com.cspmarket.subscription.subscription.integration;

import com.cspmarket.events.Topics;
import com.cspmarket.events.order.OrderPlaced;
import com.cspmarket.kit.IntegrationEventDispatcher;
import com.cspmarket.kit.RecordBatches;
import com.cspmarket.subscription.subscription.api.BillingCycle;
import com.cspmarket.subscription.subscription.api.Money;
import com.cspmarket.subscription.subscription.api.PurchaseDetails;
import com.cspmarket.subscription.subscription.api.PurchaseSubscription;
import com.cspmarket.subscription.subscription.api.SubscriptionId;
import com.cspmarket.subscription.subscription.api.Term;
import com.cspmarket.subscription.subscription.policy.ActivationPolicy;
import com.cspmarket.subscription.subscription.policy.CancellationPolicy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns each line of a placed order into a subscription purchase. The inbox entry and the new subscriptions
 * commit in one transaction, and subscription ids derive from order lines: a redelivered order creates nothing.
 */
@Component
class OrderEventsConsumer {

    private static final String CONSUMER = "order-events";

    private final RecordBatches batches;
    private final IntegrationEventDispatcher dispatcher;
    private final String activationBaseUrl;
    private final CancellationPolicy cancellationPolicy;
    private final ActivationPolicy activationPolicy;

    OrderEventsConsumer(RecordBatches batches, IntegrationEventDispatcher dispatcher,
                        CancellationPolicy cancellationPolicy, ActivationPolicy activationPolicy,
                        @Value("${subscription.activation.base-url:http://localhost:8083}") String activationBaseUrl) {
        this.batches = batches;
        this.dispatcher = dispatcher;
        this.cancellationPolicy = cancellationPolicy;
        this.activationPolicy = activationPolicy;
        this.activationBaseUrl = activationBaseUrl;
    }

    /** A poll's records in one transaction ({@link RecordBatches}). */
    @KafkaListener(topics = Topics.ORDERS, batch = "true")
    public void onRecords(List<ConsumerRecord<String, byte[]>> records) {
        batches.apply(records, batch -> dispatcher.admitAhead(CONSUMER, batch), this::apply);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        dispatcher.dispatch(CONSUMER, record.value(), envelope -> envelope.payload() instanceof OrderPlaced order
                ? order.lineItems().stream().map(line -> purchase(order, line)).toList()
                : List.of());
    }

    /**
     * One subscription per order line, its id derived from the line, its cancellation window and activation deadline
     * fixed now.
     */
    private PurchaseSubscription purchase(OrderPlaced order, OrderPlaced.LineItem line) {
        SubscriptionId subscriptionId = SubscriptionId.forOrderLine(order.orderId(), line.lineNumber());
        String token = UUID.randomUUID().toString();
        Optional<CancellationPolicy.Window> window = cancellationPolicy.windowFor(line.term(), line.offerId(),
                order.billingCountry());
        return new PurchaseSubscription(subscriptionId, order.orderId(), line.lineNumber(), order.partnerId(),
                order.customerId(), line.offerId(), line.offerName(), line.publisherName(), line.skuId(),
                line.quantity(), Term.valueOf(line.term()), BillingCycle.valueOf(line.billingCycle()),
                money(line.quotedUnitPrice()), order.placedAt(),
                activationBaseUrl + "/v1/subscriptions/" + subscriptionId + "/activation?token=" + token, token,
                order.billingCountry(), window.map(w -> order.placedAt().plus(w.length())).orElse(null),
                window.map(CancellationPolicy.Window::policyVersion).orElse(null),
                activationPolicy.deadlineFor(order.placedAt()),
                new PurchaseDetails(line.skuName(), line.publisherId(), order.customerName(),
                        order.customerDomainName(), line.friendlyName()));
    }

    private static Money money(com.cspmarket.events.Money money) {
        BigDecimal amount = money.amount();
        return new Money(amount, Currency.getInstance(money.currency()));
    }
}
