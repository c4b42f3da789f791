package com.cspmarket.billing.charge.command;

import com.cspmarket.billing.charge.api.ChargeRecorded;
import com.cspmarket.billing.charge.api.ChargeType;
import com.cspmarket.billing.charge.api.Money;
import com.cspmarket.billing.charge.api.RecordPurchaseCharge;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;

class BillingSubscriptionTest {

    static final Money PRICE = new Money(new BigDecimal("24.95"), Currency.getInstance("USD"));

    AggregateTestFixture<BillingSubscription> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(BillingSubscription.class);
    }

    static RecordPurchaseCharge purchase(String sourceEvent, String cycle, String term, Instant start, Instant end) {
        return new RecordPurchaseCharge("sub-1", sourceEvent, "partner-1", "customer-1", "order-1", "tailspin.ops",
                "Tailspin Ops", "Tailspin", "fleet", 3, term, cycle, PRICE, start, end);
    }

    @Test
    void aMonthlyPurchaseChargesTheFirstMonthInThePurchaseMonth() {
        fixture.givenNoPriorActivity()
                .when(purchase("evt-1", "MONTHLY", "P1M", Instant.parse("2026-11-30T23:59:59Z"), Instant.parse("2026-12-30T23:59:59Z")))
                .expectEvents(new ChargeRecorded("sub-1:1", "sub-1", "partner-1", "customer-1", "order-1", "tailspin.ops",
                        "Tailspin Ops", "Tailspin", "fleet", ChargeType.NEW, 3, PRICE,
                        new Money(new BigDecimal("74.85"), Currency.getInstance("USD")),
                        LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 29), YearMonth.of(2026, 11), List.of("evt-1")));
    }

    @Test
    void anAnnualPurchaseIsChargedForTheWholeYearUpfront() {
        fixture.givenNoPriorActivity()
                .when(purchase("evt-1", "ANNUAL", "P1Y", Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-12-01T00:00:00Z")))
                .expectEvents(new ChargeRecorded("sub-1:1", "sub-1", "partner-1", "customer-1", "order-1", "tailspin.ops",
                        "Tailspin Ops", "Tailspin", "fleet", ChargeType.NEW, 3, PRICE,
                        new Money(new BigDecimal("74.85"), Currency.getInstance("USD")),
                        LocalDate.of(2026, 12, 1), LocalDate.of(2027, 11, 30), YearMonth.of(2026, 12), List.of("evt-1")));
    }

    @Test
    void aRedeliveredPurchaseIsNotChargedTwice() {
        RecordPurchaseCharge purchase = purchase("evt-1", "MONTHLY", "P1M", Instant.parse("2026-11-24T10:00:00Z"),
                Instant.parse("2026-12-24T10:00:00Z"));
        fixture.givenCommands(purchase)
                .when(purchase)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
