package com.cspmarket.billing.charge.command;

import com.cspmarket.billing.charge.api.ChargeDueCycles;
import com.cspmarket.billing.charge.api.ChargeRecorded;
import com.cspmarket.billing.charge.api.ChargeType;
import com.cspmarket.billing.charge.api.Money;
import com.cspmarket.billing.charge.api.PurchaseRecorded;
import com.cspmarket.billing.charge.api.RecordActivation;
import com.cspmarket.billing.charge.api.RecordCancellation;
import com.cspmarket.billing.charge.api.RecordPurchase;
import com.cspmarket.billing.charge.api.RecordQuantityIncrease;
import com.cspmarket.billing.charge.api.RecordRenewal;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                List.of("evt-purchase", "evt-activation"), null, null, null);
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
    void theFirstChargeLinksToTheTraceThePurchaseWasRecordedIn() {
        String checkout = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        fixture.given(new org.axonframework.eventhandling.GenericEventMessage<>(purchased("MONTHLY", "P1M"),
                        org.axonframework.messaging.MetaData.with(com.cspmarket.kit.Traces.TRACEPARENT, checkout)))
                .when(new RecordActivation("sub-1", "evt-activation", Instant.parse("2026-11-30T23:59:59Z"),
                        Instant.parse("2026-12-30T23:59:59Z")))
                .expectEvents(charge(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 29)))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.predicate(charged -> checkout.equals(
                                ((org.axonframework.eventhandling.EventMessage<?>) charged).getMetaData()
                                        .get(com.cspmarket.kit.Traces.TRACELINKS))),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
        // a purchase recorded without a trace: nothing to link
        fixture.given(purchased("MONTHLY", "P1M"))
                .when(new RecordActivation("sub-1", "evt-activation", Instant.parse("2026-11-30T23:59:59Z"),
                        Instant.parse("2026-12-30T23:59:59Z")))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.predicate(charged ->
                                !((org.axonframework.eventhandling.EventMessage<?>) charged).getMetaData()
                                        .containsKey(com.cspmarket.kit.Traces.TRACELINKS)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
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
                        List.of("evt-purchase", "evt-activation", "evt-cancel"), "sub-1:1", null, null));
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
                List.of("evt-purchase", "evt-activation", "evt-cancel"), "sub-1:1", null, null);
        fixture.given(purchased("MONTHLY", "P1M"), charge(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 29)), credit)
                .when(new RecordCancellation("sub-1", "evt-cancel", Instant.parse("2026-12-01T09:00:00Z"), "FULL"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // --- renewals, added seats, the credit of a renewed term ---

    static final Currency USD = Currency.getInstance("USD");

    static Money usd(String amount) {
        return new Money(new BigDecimal(amount), USD);
    }

    static ChargeRecorded line(int n, ChargeType type, int quantity, String unit, String amount, String start,
                               String end, String... sources) {
        LocalDate from = LocalDate.parse(start);
        return new ChargeRecorded("sub-1:" + n, "sub-1", "partner-1", "customer-1", "order-1", "tailspin.ops",
                "Tailspin Ops", "Tailspin", "fleet", type, quantity, usd(unit), usd(amount), from, LocalDate.parse(end),
                YearMonth.from(from), List.of(sources), null, null, null);
    }

    /** A QUANTITY_CHANGE line: {@code amount = unit x quantity x days / ofDays}, rounded once. */
    static ChargeRecorded prorated(int n, int quantity, String unit, String amount, String start, String end, long days,
                                   long ofDays, String... sources) {
        ChargeRecorded l = line(n, ChargeType.QUANTITY_CHANGE, quantity, unit, amount, start, end, sources);
        return new ChargeRecorded(l.chargeId(), l.subscriptionId(), l.partnerId(), l.customerId(), l.orderId(),
                l.offerId(), l.offerName(), l.publisherName(), l.skuId(), l.chargeType(), l.quantity(), l.unitPrice(),
                l.amount(), l.chargeStart(), l.chargeEnd(), l.billingPeriod(), l.sourceEventIds(), null,
                new ChargeRecorded.Proration(days, ofDays), null);
    }

    /** The credit, line {@code n}, of {@code reversed}: its quantity, unit price and amount negated, its proration. */
    static ChargeRecorded credit(int n, ChargeRecorded reversed, String on, String cancelEvent) {
        LocalDate day = LocalDate.parse(on);
        List<String> sources = new java.util.ArrayList<>(reversed.sourceEventIds());
        sources.add(cancelEvent);
        return new ChargeRecorded("sub-1:" + n, "sub-1", "partner-1", "customer-1", "order-1", "tailspin.ops",
                "Tailspin Ops", "Tailspin", "fleet", ChargeType.CANCEL_CREDIT, reversed.quantity(),
                reversed.unitPrice().negate(), reversed.amount().negate(), day, day, YearMonth.from(day), sources,
                reversed.chargeId(), reversed.proration(), null);
    }

    static final ChargeRecorded FIRST_MONTH = line(1, ChargeType.NEW, 3, "24.95", "74.85", "2026-11-24", "2026-12-23",
            "evt-purchase", "evt-activation");
    static final RecordRenewal RENEWAL = new RecordRenewal("sub-1", "evt-renewal", 2, Instant.parse("2026-12-24T10:00:00Z"),
            Instant.parse("2027-01-24T10:00:00Z"), 2, usd("26.00"));
    static final ChargeRecorded RENEWED = line(2, ChargeType.RENEW, 2, "26.00", "52.00", "2026-12-24", "2027-01-23",
            "evt-renewal");

    @Test
    void aRenewalIsChargedAtItsOwnPriceAndQuantityInTheMonthTheNewTermStarts() {
        fixture.given(purchased("MONTHLY", "P1M"), FIRST_MONTH)
                .when(RENEWAL)
                .expectEvents(RENEWED);
    }

    @Test
    void aRenewalDeliveredAgainOrOfAnOlderTermIsNotChargedTwice() {
        fixture.given(purchased("MONTHLY", "P1M"), FIRST_MONTH, RENEWED)
                .when(RENEWAL)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(purchased("MONTHLY", "P1M"), FIRST_MONTH, RENEWED)
                .when(new RecordRenewal("sub-1", "evt-other-copy", 2, Instant.parse("2026-12-24T10:00:00Z"),
                        Instant.parse("2027-01-24T10:00:00Z"), 2, usd("26.00")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anAnnualRenewalBilledAnnuallyChargesTheWholeNewTerm() {
        fixture.given(purchased("ANNUAL", "P1Y"), line(1, ChargeType.NEW, 3, "24.95", "74.85", "2028-02-29", "2029-02-27",
                        "evt-purchase", "evt-activation"))
                .when(new RecordRenewal("sub-1", "evt-renewal", 2, Instant.parse("2029-02-28T08:00:00Z"),
                        Instant.parse("2030-02-28T08:00:00Z"), 3, usd("30.00")))
                .expectEvents(line(2, ChargeType.RENEW, 3, "30.00", "90.00", "2029-02-28", "2030-02-27", "evt-renewal"));
    }

    @Test
    void addedSeatsAreChargedForTheDaysLeftInTheTermRoundedHalfUpOnce() {
        // 2 seats x 24.95 x 20 of 30 days (24 Nov - 24 Dec) = 33.2666.. -> 33.27
        fixture.given(purchased("MONTHLY", "P1M"), FIRST_MONTH)
                .when(new RecordQuantityIncrease("sub-1", "evt-more", 3, 5, Instant.parse("2026-12-04T23:00:00Z"),
                        Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-12-24T10:00:00Z"), PRICE))
                .expectEvents(prorated(2, 2, "24.95", "33.27", "2026-12-04", "2026-12-23", 20, 30, "evt-more"));
    }

    @Test
    void anIncreaseAlreadyChargedOrOfAnEarlierTermChargesNothingEvenUnderANewEventId() {
        ChargeRecorded added = line(2, ChargeType.QUANTITY_CHANGE, 2, "24.95", "33.27", "2026-12-04", "2026-12-23", "evt-more");
        // the same increase re-published under another id: the seats are already in force
        fixture.given(purchased("MONTHLY", "P1M"), FIRST_MONTH, added)
                .when(new RecordQuantityIncrease("sub-1", "evt-more-again", 3, 5, Instant.parse("2026-12-04T23:00:00Z"),
                        Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-12-24T10:00:00Z"), PRICE))
                .expectNoEvents();
        // an increase of the term before the renewal, arriving late under a new id
        fixture.given(purchased("MONTHLY", "P1M"), FIRST_MONTH, RENEWED)
                .when(new RecordQuantityIncrease("sub-1", "evt-late", 3, 9, Instant.parse("2026-12-04T23:00:00Z"),
                        Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-12-24T10:00:00Z"), PRICE))
                .expectNoEvents();
    }

    @Test
    void seatsAddedToAMonthlyBilledAnnualTermAreChargedToTheEndOfTheCurrentMonthOnly() {
        // term from 15 Jan; the increase on 20 Mar falls in the month 15 Mar - 14 Apr: 26 of 31 days. The months that
        // began before it (15 Feb, 15 Mar) are charged first, at the old quantity.
        fixture.given(purchased("MONTHLY", "P1Y"), line(1, ChargeType.NEW, 3, "24.95", "74.85", "2027-01-15", "2027-02-14",
                        "evt-purchase", "evt-activation"))
                .when(new RecordQuantityIncrease("sub-1", "evt-more", 3, 4, Instant.parse("2027-03-20T12:00:00Z"),
                        Instant.parse("2027-01-15T00:00:00Z"), Instant.parse("2028-01-15T00:00:00Z"), PRICE))
                .expectEvents(cycle(2, 3, "74.85", "2027-02-15", "2027-03-14", "evt-purchase", "evt-activation"),
                        cycle(3, 3, "74.85", "2027-03-15", "2027-04-14", "evt-purchase", "evt-activation"),
                        prorated(4, 1, "24.95", "20.93", "2027-03-20", "2027-04-14", 26, 31, "evt-more"));
    }

    @Test
    void aCancellationInsideARenewalsWindowCreditsThatTermOnlyOneLinePerChargeEachReconciling() {
        // after 2 seats renewed at 26.00 (52.00), 1 seat added for 30 of 31 days (25.16): a credit of each, never one
        // line of "3 x -26.00 = -77.16" that does not multiply out
        ChargeRecorded more = prorated(3, 1, "26.00", "25.16", "2026-12-25", "2027-01-23", 30, 31, "evt-more");
        fixture.given(purchased("MONTHLY", "P1M"), FIRST_MONTH, RENEWED, more)
                .when(new RecordCancellation("sub-1", "evt-cancel", Instant.parse("2026-12-25T09:00:00Z"), "FULL"))
                .expectEvents(credit(4, RENEWED, "2026-12-25", "evt-cancel"), credit(5, more, "2026-12-25", "evt-cancel"));
    }

    @Test
    void aCancelledAnnualTermBilledMonthlyCreditsEveryMonthChargedAndNoMonthAfter() {
        ChargeRecorded second = cycle(2, 3, "74.85", "2027-02-28", "2027-03-30", "evt-purchase", "evt-activation");
        fixture.given(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE, second)
                .when(new RecordCancellation("sub-1", "evt-cancel", Instant.parse("2027-03-01T09:00:00Z"), "FULL"))
                .expectEvents(credit(3, FIRST_OF_TWELVE, "2027-03-01", "evt-cancel"),
                        credit(4, second, "2027-03-01", "evt-cancel"));
        fixture.given(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE, second, credit(3, FIRST_OF_TWELVE, "2027-03-01", "evt-cancel"),
                        credit(4, second, "2027-03-01", "evt-cancel"))
                .when(new ChargeDueCycles("sub-1", LocalDate.parse("2027-06-01")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aSuspendedAnnualTermBilledMonthlyIsStillChargedAndItsLinesSaySo() {
        Instant suspendedAt = Instant.parse("2027-02-10T08:00:00Z");
        fixture.given(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE)
                .when(new com.cspmarket.billing.charge.api.RecordSuspension("sub-1", "evt-suspend", true, suspendedAt))
                .expectEvents(new com.cspmarket.billing.charge.api.SuspensionRecorded("sub-1", true, suspendedAt, "evt-suspend"));
        ChargeRecorded whileSuspended = cycle(2, 3, "74.85", "2027-02-28", "2027-03-30", "evt-purchase", "evt-activation");
        fixture.given(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE,
                        new com.cspmarket.billing.charge.api.SuspensionRecorded("sub-1", true, suspendedAt, "evt-suspend"))
                .when(new ChargeDueCycles("sub-1", LocalDate.parse("2027-02-28")))
                .expectEvents(new ChargeRecorded(whileSuspended.chargeId(), "sub-1", "partner-1", "customer-1", "order-1",
                        "tailspin.ops", "Tailspin Ops", "Tailspin", "fleet", ChargeType.CYCLE, 3, usd("24.95"),
                        usd("74.85"), LocalDate.parse("2027-02-28"), LocalDate.parse("2027-03-30"), YearMonth.of(2027, 2),
                        List.of("evt-purchase", "evt-activation"), null, null, true));
        // the same suspension again (a copy under its id) changes nothing
        fixture.given(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE,
                        new com.cspmarket.billing.charge.api.SuspensionRecorded("sub-1", true, suspendedAt, "evt-suspend"))
                .when(new com.cspmarket.billing.charge.api.RecordSuspension("sub-1", "evt-suspend", true, suspendedAt))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void prorationRoundsHalfUpToTheMinorUnitOfTheCurrency() {
        assertThat(usd("10.00").prorated(1, 1, 31).amount()).isEqualByComparingTo("0.32");
        assertThat(usd("10.00").prorated(3, 10, 30).amount()).isEqualByComparingTo("10.00");
        assertThat(usd("0.01").prorated(1, 1, 2).amount()).isEqualByComparingTo("0.01"); // 0.005 rounds up
        Money yen = new Money(new BigDecimal("1000"), Currency.getInstance("JPY"));
        assertThat(yen.prorated(1, 1, 3).amount()).isEqualByComparingTo("333");
        assertThat(yen.prorated(1, 2, 3).amount()).isEqualByComparingTo("667");
        assertThatThrownBy(() -> usd("10.00").prorated(1, 31, 30)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- an annual term billed monthly: a CYCLE charge for each later month, when the clock reaches it ---

    static final ChargeRecorded FIRST_OF_TWELVE = line(1, ChargeType.NEW, 3, "24.95", "74.85", "2027-01-31", "2027-02-27",
            "evt-purchase", "evt-activation");

    static ChargeRecorded cycle(int n, int quantity, String amount, String start, String end, String... sources) {
        return line(n, ChargeType.CYCLE, quantity, "24.95", amount, start, end, sources);
    }

    @Test
    void anAnnualTermBilledMonthlyChargesItsSecondMonthOnTheDayItStartsAndNotBefore() {
        fixture.given(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE)
                .when(new ChargeDueCycles("sub-1", LocalDate.parse("2027-02-27")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        // from 31 January the months start on 28 February, 31 March, 30 April...: the anniversary day is kept
        fixture.given(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE)
                .when(new ChargeDueCycles("sub-1", LocalDate.parse("2027-02-28")))
                .expectEvents(cycle(2, 3, "74.85", "2027-02-28", "2027-03-30", "evt-purchase", "evt-activation"));
    }

    @Test
    void aLateClockCatchesUpEveryMonthOnceAndNeverChargesBeyondTheTerm() {
        fixture.given(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE)
                .when(new ChargeDueCycles("sub-1", LocalDate.parse("2027-05-01")))
                .expectEvents(cycle(2, 3, "74.85", "2027-02-28", "2027-03-30", "evt-purchase", "evt-activation"),
                        cycle(3, 3, "74.85", "2027-03-31", "2027-04-29", "evt-purchase", "evt-activation"),
                        cycle(4, 3, "74.85", "2027-04-30", "2027-05-30", "evt-purchase", "evt-activation"));
        // a year later: the eleven months after the first, once each, and nothing after the term
        LocalDate first = LocalDate.parse("2027-01-31");
        Object[] elevenMonths = IntStream.rangeClosed(1, 11).mapToObj(m -> cycle(m + 1, 3, "74.85",
                first.plusMonths(m).toString(), first.plusMonths(m + 1).minusDays(1).toString(),
                "evt-purchase", "evt-activation")).toArray();
        fixture.given(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE)
                .when(new ChargeDueCycles("sub-1", LocalDate.parse("2029-01-01")))
                .expectEvents(elevenMonths);
        List<Object> history = new java.util.ArrayList<>(List.of(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE));
        history.addAll(List.of(elevenMonths));
        fixture.given(history)
                .when(new ChargeDueCycles("sub-1", LocalDate.parse("2029-01-01")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aMonthlyTermHasNoCycleCharges() {
        fixture.given(purchased("MONTHLY", "P1M"), FIRST_MONTH)
                .when(new ChargeDueCycles("sub-1", LocalDate.parse("2027-06-01")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void monthsThatBeganBeforeASeatIncreaseAreChargedAtTheOldQuantityFirst() {
        // the clock's tick for 28 Feb has not come yet when the increase of 3 March arrives
        fixture.given(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE)
                .when(new RecordQuantityIncrease("sub-1", "evt-more", 3, 5, Instant.parse("2027-03-03T12:00:00Z"),
                        Instant.parse("2027-01-31T09:00:00Z"), Instant.parse("2028-01-31T09:00:00Z"), PRICE))
                .expectEvents(cycle(2, 3, "74.85", "2027-02-28", "2027-03-30", "evt-purchase", "evt-activation"),
                        // 2 x 24.95 x 28 of 31 days (3 March - 30 March of the cycle 28 Feb - 30 Mar)
                        prorated(3, 2, "24.95", "45.07", "2027-03-03", "2027-03-30", 28, 31, "evt-more"));
        ChargeRecorded more = line(3, ChargeType.QUANTITY_CHANGE, 2, "24.95", "45.07", "2027-03-03", "2027-03-30", "evt-more");
        fixture.given(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE,
                        cycle(2, 3, "74.85", "2027-02-28", "2027-03-30", "evt-purchase", "evt-activation"), more)
                .when(new ChargeDueCycles("sub-1", LocalDate.parse("2027-03-31")))
                .expectEvents(line(4, ChargeType.CYCLE, 5, "24.95", "124.75", "2027-03-31", "2027-04-29",
                        "evt-purchase", "evt-activation", "evt-more"));
    }

    @Test
    void seatsAddedOnAClampedMonthStartArePricedInTheMonthThatStartsThatDay() {
        // from 31 Jan the second month starts on 28 Feb: an increase that day is charged for 28 Feb - 30 Mar in full
        fixture.given(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE)
                .when(new RecordQuantityIncrease("sub-1", "evt-more", 3, 4, Instant.parse("2027-02-28T12:00:00Z"),
                        Instant.parse("2027-01-31T09:00:00Z"), Instant.parse("2028-01-31T09:00:00Z"), PRICE))
                .expectEvents(cycle(2, 3, "74.85", "2027-02-28", "2027-03-30", "evt-purchase", "evt-activation"),
                        prorated(3, 1, "24.95", "24.95", "2027-02-28", "2027-03-30", 31, 31, "evt-more"));
    }

    @Test
    void aRenewalChargesTheMonthsOfTheOldTermStillOwedFirst() {
        List<Object> elevenMonthsCharged = new java.util.ArrayList<>(List.of(purchased("MONTHLY", "P1Y"), FIRST_OF_TWELVE));
        LocalDate start = LocalDate.parse("2027-01-31");
        for (int m = 1; m < 11; m++) {
            elevenMonthsCharged.add(cycle(m + 1, 3, "74.85", start.plusMonths(m).toString(),
                    start.plusMonths(m + 1).minusDays(1).toString(), "evt-purchase", "evt-activation"));
        }
        fixture.given(elevenMonthsCharged)
                .when(new RecordRenewal("sub-1", "evt-renewal", 2, Instant.parse("2028-01-31T09:00:00Z"),
                        Instant.parse("2029-01-31T09:00:00Z"), 3, usd("26.00")))
                .expectEvents(cycle(12, 3, "74.85", "2027-12-31", "2028-01-30", "evt-purchase", "evt-activation"),
                        line(13, ChargeType.RENEW, 3, "26.00", "78.00", "2028-01-31", "2028-02-28", "evt-renewal"));
    }
}
