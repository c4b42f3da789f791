package com.cspmarket.billing.invoice.integration;

import com.cspmarket.billing.invoice.api.InvoiceReleased;
import com.cspmarket.kit.IntegrationEventPublisher;
import com.cspmarket.events.Money;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

import java.util.Currency;

/** Announces released invoices on Kafka (the notification event). */
@Component
@ProcessingGroup("integration-publisher")
@DisallowReplay
class InvoiceEventsPublisher {

    private final IntegrationEventPublisher publisher;

    InvoiceEventsPublisher(IntegrationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @EventHandler
    void on(InvoiceReleased e, EventMessage<InvoiceReleased> message) {
        int scale = Currency.getInstance(e.currency()).getDefaultFractionDigits();
        publisher.publish(message, new com.cspmarket.events.billing.InvoiceReleased(e.invoiceId(), e.invoiceNumber(),
                e.partnerId(), e.period().atDay(1), e.period().atEndOfMonth(),
                new Money(e.total().setScale(scale), e.currency()), e.lineItemCount(), e.releasedAt()));
    }
}
