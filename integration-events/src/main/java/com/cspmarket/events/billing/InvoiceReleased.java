package com.cspmarket.events.billing;

import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;

import java.time.Instant;
import java.time.LocalDate;

/** A partner's invoice for one currency and one calendar month became visible, on the 8th of the next month. */
public record InvoiceReleased(
        String invoiceId,
        String invoiceNumber,
        String partnerId,
        LocalDate periodStart,
        LocalDate periodEnd,
        Money total,
        int lineItemCount,
        Instant releasedAt) implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return invoiceId;
    }
}
