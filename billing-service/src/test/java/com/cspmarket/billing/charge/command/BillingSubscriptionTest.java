package com.cspmarket.billing.charge.command;

import com.cspmarket.billing.charge.api.ChargeRecorded;
import com.cspmarket.billing.charge.api.ChargeType;
import com.cspmarket.billing.charge.api.Money;
import com.cspmarket.billing.charge.api.PurchaseRecorded;
import com.cspmarket.billing.charge.api.RecordActivation;
import com.cspmarket.billing.charge.api.RecordCancellation;
import com.cspmarket.billing.charge.api.RecordPurchase;
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
    static final Money TOTAL = new Money(new BigDecimal("74.85"), Currency.getInstance("USD"));

    AggregateTestFixture<BillingSubscription> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(BillingSubscription.class);
    }

    static RecordPurchase purchase(String cycle, String term) {
        return new RecordPurchase("sub-1", "evt-purchase", "partner-1", "customer-1", "order-1", "tailspin.ops",
                "Tailspin Ops", "Tailspin", "fleet", 3, term, cycle, PRICE);
    }

    static PurchaseRecorded purchased(String cycle, String term) {
        return new PurchaseRecorded("sub-1", "partner-1", "customer-1", "order-1", "tailspin.ops", "Tailspin Ops",
                "Tailspin", "fleet", 3, term, cycle, PRICE, "evt-purchase");
    }

    static ChargeRecorded charge(LocalDate start, LocalDate end) {
        return new ChargeRecorded("sub-1:1", "sub-1", "partner-1", "customer-1", "order-1", "tailspin.ops",
                "Tailspin Ops", "Tailspin", "fleet", ChargeType.NEW, 3, PRICE, TOTAL, start, end, YearMonth.from(start),
                List.of("evt-purchase", "evt-activation"));
    }

    @Test
    void aPurchaseIsNotChargedBeforeActivation() {
        fixture.givenNoPriorActivity()
                .when(purchase("MONTHLY", "P1M"))
                .expectEvents(purchased("MONTHLY", "P1M"));
    }

    @Test
    void aMonthlySubscriptionIsChargedItsFirstMonthInTheMonthItIsActivated() {
        fixture.given(purchased("MONTHLY", "P1M"))
                .when(new RecordActivation("sub-1", "evt-activation", Instant.parse("2026-11-30T23:59:59Z"),
                        Instant.parse("2026-12-30T23:59:59Z")))
                .expectEvents(charge(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 29)));
    }

    @Test
    void anAnnualBillingCycleIsChargedForTheWholeTermUpfront() {
        fixture.given(purchased("ANNUAL", "P1Y"))
                .when(new RecordActivation("sub-1", "evt-activation", Instant.parse("2026-12-01T00:00:00Z"),
                        Instant.parse("2027-12-01T00:00:00Z")))
                .expectEvents(charge(LocalDate.of(2026, 12, 1), LocalDate.of(2027, 11, 30)));
    }

    @Test
    void aRedeliveredActivationIsNotChargedTwice() {
        fixture.given(purchased("MONTHLY", "P1M"), charge(LocalDate.of(2026, 11, 24), LocalDate.of(2026, 12, 23)))
                .when(new RecordActivation("sub-1", "evt-activation", Instant.parse("2026-11-24T10:00:00Z"),
                        Instant.parse("2026-12-24T10:00:00Z")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRedeliveredPurchaseChangesNothing() {
        fixture.given(purchased("MONTHLY", "P1M"))
                .when(purchase("MONTHLY", "P1M"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aCancellationInsideTheWindowCreditsEverythingChargedInTheMonthOfCancellation() {
        fixture.given(purchased("MONTHLY", "P1M"), charge(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 29)))
                .when(new RecordCancellation("sub-1", "evt-cancel", Instant.parse("2026-12-01T09:00:00Z"), "FULL"))
                .expectEvents(new ChargeRecorded("sub-1:2", "sub-1", "partner-1", "customer-1", "order-1",
                        "tailspin.ops", "Tailspin Ops", "Tailspin", "fleet", ChargeType.CANCEL_CREDIT, 3,
                        new Money(new BigDecimal("-24.95"), Currency.getInstance("USD")),
                        new Money(new BigDecimal("-74.85"), Currency.getInstance("USD")),
                        LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 1), YearMonth.of(2026, 12),
                        List.of("evt-purchase", "evt-activation", "evt-cancel")));
    }

    @Test
    void aCancellationBeforeActivationCreditsNothing() {
        fixture.given(purchased("MONTHLY", "P1M"))
                .when(new RecordCancellation("sub-1", "evt-cancel", Instant.parse("2026-11-24T11:00:00Z"), "FULL"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRedeliveredCancellationIsCreditedOnce() {
        ChargeRecorded credit = new ChargeRecorded("sub-1:2", "sub-1", "partner-1", "customer-1", "order-1",
                "tailspin.ops", "Tailspin Ops", "Tailspin", "fleet", ChargeType.CANCEL_CREDIT, 3,
                new Money(new BigDecimal("-24.95"), Currency.getInstance("USD")),
                new Money(new BigDecimal("-74.85"), Currency.getInstance("USD")),
                LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 1), YearMonth.of(2026, 12),
                List.of("evt-purchase", "evt-activation", "evt-cancel"));
        fixture.given(purchased("MONTHLY", "P1M"), charge(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 29)), credit)
                .when(new RecordCancellation("sub-1", "evt-cancel", Instant.parse("2026-12-01T09:00:00Z"), "FULL"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
