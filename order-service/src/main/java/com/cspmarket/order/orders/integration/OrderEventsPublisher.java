package com.cspmarket.order.orders.integration;

import com.cspmarket.events.Money;
import com.cspmarket.order.orders.api.OrderLine;
import com.cspmarket.order.orders.api.OrderPlaced;
import com.cspmarket.kit.IntegrationEventPublisher;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/** Maps internal order events to the order contract on Kafka. */
@Component
@ProcessingGroup("integration-publisher")
@DisallowReplay
class OrderEventsPublisher {

    private final IntegrationEventPublisher publisher;

    OrderEventsPublisher(IntegrationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @EventHandler
    void on(OrderPlaced event, EventMessage<OrderPlaced> message) {
        publisher.publish(message, new com.cspmarket.events.order.OrderPlaced(event.orderId().value(),
                event.partnerId(), event.customerId().value(), event.billingCountry(), event.placedAt(),
                event.lines().stream().map(OrderEventsPublisher::line).toList(), event.customerName(),
                event.customerDomainName()));
    }

    private static com.cspmarket.events.order.OrderPlaced.LineItem line(OrderLine line) {
        return new com.cspmarket.events.order.OrderPlaced.LineItem(line.lineNumber(), line.offerId(), line.offerName(),
                line.publisherName(), line.skuId(), line.quantity(), line.term(), line.billingCycle(),
                new Money(line.quotedUnitPrice().amount(), line.quotedUnitPrice().currency().getCurrencyCode()),
                line.availabilityId(), line.skuName(), line.publisherId(), line.friendlyName());
    }
}
