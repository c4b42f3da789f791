package com.cspmarket.billing.invoice.query;

import com.cspmarket.billing.charge.api.ChargeRecorded;
import com.cspmarket.billing.charge.api.ChargeType;
import com.cspmarket.billing.charge.api.Money;
import com.cspmarket.billing.charge.api.PurchaseRecorded;
import com.cspmarket.billing.charge.api.SuspensionRecorded;
import com.cspmarket.billing.invoice.api.InvoiceIssued;
import com.cspmarket.billing.invoice.api.InvoiceReleased;
import com.cspmarket.billing.invoice.api.IssueInvoice;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartnerSequencingTest {

    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    static final Money TEN = new Money(new BigDecimal("10.00"), Currency.getInstance("USD"));

    final PartnerSequencing policy = new PartnerSequencing();

    static EventMessage<?> from(String aggregateId, Object payload) {
        return new GenericDomainEventMessage<>("Aggregate", aggregateId, 0, payload);
    }

    static ChargeRecorded charge(String subscription, String partner) {
        return new ChargeRecorded(subscription + ":1", subscription, partner, "customer-1", "order-1", "offer", "Offer",
                "Publisher", "sku", ChargeType.NEW, 1, TEN, TEN, LocalDate.of(2026, 11, 3), LocalDate.of(2026, 12, 2),
                NOVEMBER, List.of("event-1"), null, null, false);
    }

    static InvoiceIssued invoice(String partner) {
        return new InvoiceIssued("invoice-" + partner, partner + "-000001", 1, partner, "USD", NOVEMBER,
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-08T00:00:00Z"));
    }

    @Test
    void anInvoiceIsInTheSameSequenceAsThePartnersChargesFromOtherAggregates() {
        Object invoice = policy.getSequenceIdentifierFor(from(IssueInvoice.invoicingIdOf("partner-1"), invoice("partner-1")));

        assertThat(policy.getSequenceIdentifierFor(from("sub-1", charge("sub-1", "partner-1")))).isEqualTo(invoice);
        assertThat(policy.getSequenceIdentifierFor(from("sub-2", charge("sub-2", "partner-1")))).isEqualTo(invoice);
        assertThat(policy.getSequenceIdentifierFor(from("sub-2", new PurchaseRecorded("sub-2", "partner-1", "customer-1",
                "order-1", "offer", "Offer", "Publisher", "sku", 1, "P1M", "MONTHLY", TEN, "event-2"))))
                .isEqualTo(invoice);
        assertThat(policy.getSequenceIdentifierFor(from(IssueInvoice.invoicingIdOf("partner-1"),
                new InvoiceReleased("invoice-partner-1", "partner-1-000001", "partner-1", "USD", NOVEMBER,
                        new BigDecimal("10.00"), 1, Instant.parse("2026-12-08T00:00:00Z")))))
                .isEqualTo(invoice);
    }

    @Test
    void partnersAreDifferentSequences() {
        assertThat(policy.getSequenceIdentifierFor(from("sub-1", charge("sub-1", "partner-1"))))
                .isNotEqualTo(policy.getSequenceIdentifierFor(from("sub-2", charge("sub-2", "partner-2"))));
    }

    @Test
    void otherEventsKeepTheirAggregatesOrder() {
        EventMessage<?> suspension = from("sub-1", new SuspensionRecorded("sub-1", true,
                Instant.parse("2026-11-10T00:00:00Z"), "event-3"));

        assertThat(policy.getSequenceIdentifierFor(suspension)).isEqualTo("sub-1");
    }
}
