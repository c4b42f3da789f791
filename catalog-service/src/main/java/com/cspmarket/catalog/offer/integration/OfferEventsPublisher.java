package com.cspmarket.catalog.offer.integration;

import com.cspmarket.catalog.offer.api.OfferAvailabilityChanged;
import com.cspmarket.catalog.offer.api.OfferPublished;
import com.cspmarket.catalog.offer.api.OfferWithdrawn;
import com.cspmarket.catalog.offer.api.SkuPriceChanged;
import com.cspmarket.catalog.offer.api.Sku;
import com.cspmarket.kit.IntegrationEventPublisher;
import com.cspmarket.events.Money;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/** Maps internal offer events to the catalog contract on Kafka. */
@Component
@ProcessingGroup("integration-publisher")
@DisallowReplay
class OfferEventsPublisher {

    private final IntegrationEventPublisher publisher;

    OfferEventsPublisher(IntegrationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @EventHandler
    void on(OfferPublished event, EventMessage<OfferPublished> message) {
        publisher.publish(message, new com.cspmarket.events.catalog.OfferPublished(
                event.offerId().value(), event.name(),
                new com.cspmarket.events.catalog.OfferPublished.Publisher(event.publisher().publisherId(),
                        event.publisher().name(), event.publisher().supportEmail()),
                event.offerType().name(), event.offeredToCspPartners(), event.countries(),
                event.skus().stream().map(OfferEventsPublisher::sku).toList()));
    }

    @EventHandler
    void on(SkuPriceChanged event, EventMessage<SkuPriceChanged> message) {
        publisher.publish(message, new com.cspmarket.events.catalog.SkuPriceChanged(event.offerId().value(),
                event.skuId(), event.market(), new Money(event.unitPrice().amount(),
                event.unitPrice().currency().getCurrencyCode()), event.effectiveFrom()));
    }

    @EventHandler
    void on(OfferAvailabilityChanged event, EventMessage<OfferAvailabilityChanged> message) {
        publisher.publish(message, new com.cspmarket.events.catalog.OfferAvailabilityChanged(event.offerId().value(),
                event.countries()));
    }

    @EventHandler
    void on(OfferWithdrawn event, EventMessage<OfferWithdrawn> message) {
        publisher.publish(message, new com.cspmarket.events.catalog.OfferWithdrawn(event.offerId().value(),
                event.reason()));
    }

    private static com.cspmarket.events.catalog.OfferPublished.Sku sku(Sku sku) {
        return new com.cspmarket.events.catalog.OfferPublished.Sku(sku.skuId(), sku.name(), sku.term().name(),
                sku.billingCycle().name(), sku.minQuantity(), sku.maxQuantity(),
                sku.prices().stream().map(p -> new com.cspmarket.events.catalog.OfferPublished.Price(p.market(),
                        new Money(p.unitPrice().amount(), p.unitPrice().currency().getCurrencyCode()),
                        p.effectiveFrom())).toList());
    }
}
