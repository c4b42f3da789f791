package com.cspmarket.subscription.subscription.command;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.subscription.subscription.api.ActivateSubscription;
import com.cspmarket.subscription.subscription.api.AutoRenewChanged;
import com.cspmarket.subscription.subscription.api.BillingCycle;
import com.cspmarket.subscription.subscription.api.CancelSubscription;
import com.cspmarket.subscription.subscription.api.CancelUnactivated;
import com.cspmarket.subscription.subscription.api.CancellationScheduled;
import com.cspmarket.subscription.subscription.api.ChangeAutoRenew;
import com.cspmarket.subscription.subscription.api.ReinstateSubscription;
import com.cspmarket.subscription.subscription.api.ScheduledCancellationUndone;
import com.cspmarket.subscription.subscription.api.SubscriptionReinstated;
import com.cspmarket.subscription.subscription.api.SubscriptionSuspended;
import com.cspmarket.subscription.subscription.api.SuspendSubscription;
import com.cspmarket.subscription.subscription.api.SubscriptionCancelled;
import com.cspmarket.subscription.subscription.api.UndoScheduledCancellation;
import com.cspmarket.subscription.subscription.api.Money;
import com.cspmarket.subscription.subscription.api.PurchaseRejectionReason;
import com.cspmarket.subscription.subscription.api.PurchaseSubscription;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchaseRejected;
import com.cspmarket.subscription.subscription.api.SubscriptionActivated;
import com.cspmarket.subscription.subscription.api.SubscriptionId;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchased;
import com.cspmarket.subscription.subscription.api.Term;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionTest {

    static final SubscriptionId ID = SubscriptionId.forOrderLine("order-1", 1);
    static final String LINK = "https://marketplace.example/v1/subscriptions/" + ID + "/activation?token=t";
    static final Duration DEADLINE = Duration.ofDays(30);
    static final Money PRICE = new Money(new BigDecimal("12.50"), Currency.getInstance("USD"));

    AggregateTestFixture<Subscription> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Subscription.class);
    }

    static Duration window(Term term) {
        return term == Term.P1M ? Duration.ofHours(24) : Duration.ofDays(14);
    }

    static PurchaseSubscription purchase(int quantity, Term term, BillingCycle cycle, Instant at) {
        return new PurchaseSubscription(ID, "order-1", 1, "partner-1", "customer-1", "contoso.crm", "Contoso CRM",
                "Contoso", "monthly", quantity, term, cycle, PRICE, at, LINK, "t", "US", at.plus(window(term)), "2026-01",
                at.plus(DEADLINE));
    }

    static SubscriptionPurchased purchased(int quantity, Term term, BillingCycle cycle, Instant at, Instant end) {
        return new SubscriptionPurchased(ID, "order-1", 1, "partner-1", "customer-1", "contoso.crm", "Contoso CRM",
                "Contoso", "monthly", quantity, term, cycle, PRICE, at, at, end, LINK, "t", "US", at.plus(window(term)),
                "2026-01", at.plus(DEADLINE));
    }

    @Test
    void purchaseStartsAMonthlyTermThatEndsOneCalendarMonthLater() {
        Instant at = Instant.parse("2026-11-24T10:15:30Z");
        fixture.givenNoPriorActivity()
                .when(purchase(3, Term.P1M, BillingCycle.MONTHLY, at))
                .expectEvents(purchased(3, Term.P1M, BillingCycle.MONTHLY, at, Instant.parse("2026-12-24T10:15:30Z")));
    }

    @Test
    void aMonthlyTermFromTheThirtyFirstOfJanuaryEndsOnTheLastDayOfFebruaryInALeapYear() {
        Instant at = Instant.parse("2028-01-31T23:59:59Z");
        fixture.givenNoPriorActivity()
                .when(purchase(1, Term.P1M, BillingCycle.MONTHLY, at))
                .expectEvents(purchased(1, Term.P1M, BillingCycle.MONTHLY, at, Instant.parse("2028-02-29T23:59:59Z")));
    }

    @Test
    void anAnnualTermFromTheTwentyNinthOfFebruaryEndsOnTheTwentyEighth() {
        Instant at = Instant.parse("2028-02-29T00:00:00Z");
        fixture.givenNoPriorActivity()
                .when(purchase(1, Term.P1Y, BillingCycle.ANNUAL, at))
                .expectEvents(purchased(1, Term.P1Y, BillingCycle.ANNUAL, at, Instant.parse("2029-02-28T00:00:00Z")));
    }

    @Test
    void aPurchaseOfLessThanOneUnitIsRejectedAsAFact() {
        fixture.givenNoPriorActivity()
                .when(purchase(0, Term.P1M, BillingCycle.MONTHLY, Instant.parse("2026-11-24T10:15:30Z")))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new SubscriptionPurchaseRejected(ID, "order-1", 1, "partner-1", "customer-1",
                        PurchaseRejectionReason.INVALID_QUANTITY, "quantity must be at least 1, was 0"));
    }

    @Test
    void aMonthlyTermBilledAnnuallyIsRejected() {
        fixture.givenNoPriorActivity()
                .when(purchase(1, Term.P1M, BillingCycle.ANNUAL, Instant.parse("2026-11-24T10:15:30Z")))
                .expectEvents(new SubscriptionPurchaseRejected(ID, "order-1", 1, "partner-1", "customer-1",
                        PurchaseRejectionReason.INVALID_BILLING_CYCLE, "a monthly term cannot be billed annually"));
    }

    @Test
    void theSameOrderLineAlwaysGivesTheSameSubscriptionId() {
        assertThat(SubscriptionId.forOrderLine("order-1", 1)).isEqualTo(ID);
        assertThat(SubscriptionId.forOrderLine("order-1", 2)).isNotEqualTo(ID);
    }

    @Test
    void activationStartsTheTermWhenTheCustomerActivates() {
        Instant bought = Instant.parse("2026-11-24T10:15:30Z");
        Instant activated = Instant.parse("2026-11-26T09:00:00Z");
        fixture.given(purchased(3, Term.P1M, BillingCycle.MONTHLY, bought, Instant.parse("2026-12-24T10:15:30Z")))
                .when(new ActivateSubscription(ID, "t", activated))
                .expectEvents(new SubscriptionActivated(ID, "order-1", "partner-1", "customer-1", activated, activated,
                        Instant.parse("2026-12-26T09:00:00Z")));
    }

    @Test
    void aWrongTokenCannotActivate() {
        Instant bought = Instant.parse("2026-11-24T10:15:30Z");
        fixture.given(purchased(3, Term.P1M, BillingCycle.MONTHLY, bought, Instant.parse("2026-12-24T10:15:30Z")))
                .when(new ActivateSubscription(ID, "guessed", bought.plusSeconds(60)))
                .expectException(com.cspmarket.kit.BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void activatingTwiceChangesNothing() {
        Instant bought = Instant.parse("2026-11-24T10:15:30Z");
        fixture.given(purchased(3, Term.P1M, BillingCycle.MONTHLY, bought, Instant.parse("2026-12-24T10:15:30Z")),
                        new SubscriptionActivated(ID, "order-1", "partner-1", "customer-1", bought, bought,
                                Instant.parse("2026-12-24T10:15:30Z")))
                .when(new ActivateSubscription(ID, "t", bought.plusSeconds(3600)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRejectedPurchaseCannotBeActivated() {
        fixture.given(new SubscriptionPurchaseRejected(ID, "order-1", 1, "partner-1", "customer-1",
                        PurchaseRejectionReason.INVALID_QUANTITY, "quantity must be at least 1, was 0"))
                .when(new ActivateSubscription(ID, "t", Instant.parse("2026-11-24T10:15:30Z")))
                .expectException(com.cspmarket.kit.BusinessException.class)
                .expectNoEvents();
    }

    // --- cancellation: the window is policy data fixed at purchase (24 h monthly, 14 days annual by default) ---

    static final Instant BOUGHT = Instant.parse("2026-11-24T10:15:30Z");

    static SubscriptionPurchased monthly() {
        return purchased(3, Term.P1M, BillingCycle.MONTHLY, BOUGHT, Instant.parse("2026-12-24T10:15:30Z"));
    }

    @Test
    void aSubscriptionNeverActivatedIsCancelledAtItsDeadlineWithNothingToRefund() {
        Instant deadline = BOUGHT.plus(DEADLINE);
        fixture.given(monthly())
                .when(new CancelUnactivated(ID, deadline.minusSeconds(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(monthly())
                .when(new CancelUnactivated(ID, deadline))
                .expectEvents(new SubscriptionCancelled(ID, deadline, "NONE", "2026-01",
                        SubscriptionCancelled.Reason.ACTIVATION_DEADLINE_PASSED));
    }

    @Test
    void anActivatedOrAlreadyCancelledSubscriptionIgnoresItsActivationDeadline() {
        Instant late = BOUGHT.plus(DEADLINE).plusSeconds(3600);
        fixture.given(monthly(), new SubscriptionActivated(ID, "order-1", "partner-1", "customer-1", BOUGHT.plusSeconds(60),
                        BOUGHT.plusSeconds(60), Instant.parse("2026-12-24T10:16:30Z")))
                .when(new CancelUnactivated(ID, late))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(monthly(), new SubscriptionCancelled(ID, BOUGHT.plus(DEADLINE), "NONE", "2026-01",
                        SubscriptionCancelled.Reason.ACTIVATION_DEADLINE_PASSED))
                .when(new CancelUnactivated(ID, late))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theActivationLinkOfASubscriptionCancelledAtItsDeadlineNoLongerActivates() {
        fixture.given(monthly(), new SubscriptionCancelled(ID, BOUGHT.plus(DEADLINE), "NONE", "2026-01",
                        SubscriptionCancelled.Reason.ACTIVATION_DEADLINE_PASSED))
                .when(new ActivateSubscription(ID, "t", BOUGHT.plus(DEADLINE).plusSeconds(1)))
                .expectException(com.cspmarket.kit.BusinessException.class)
                .expectNoEvents();
    }

    static SubscriptionPurchased annual(Instant at) {
        return purchased(3, Term.P1Y, BillingCycle.ANNUAL, at, Term.P1Y.endOfTermStartingAt(at));
    }

    @Test
    void cancelsMonthlyWithFullRefundOneSecondBeforeTheWindowCloses() {
        Instant lastSecond = BOUGHT.plus(Duration.ofHours(24)).minusSeconds(1);
        fixture.given(monthly())
                .when(new CancelSubscription(ID, lastSecond, null))
                .expectEvents(new SubscriptionCancelled(ID, lastSecond, "FULL", "2026-01", SubscriptionCancelled.Reason.REQUESTED));
    }

    @Test
    void cannotCancelMonthlyAfter24HoursSoTheCancellationWaitsForTheTermEnd() {
        Instant windowCloses = BOUGHT.plus(Duration.ofHours(24));
        fixture.given(monthly())
                .when(new CancelSubscription(ID, windowCloses, null))
                .expectEvents(new CancellationScheduled(ID, windowCloses, Instant.parse("2026-12-24T10:15:30Z")));
    }

    @Test
    void cancelsAnnualWithFullRefundOnTheLastSecondOfDayFourteen() {
        Instant at = Instant.parse("2028-02-15T00:00:00Z");
        Instant lastSecond = at.plus(Duration.ofDays(14)).minusSeconds(1); // 2028-02-28T23:59:59Z
        fixture.given(annual(at))
                .when(new CancelSubscription(ID, lastSecond, null))
                .expectEvents(new SubscriptionCancelled(ID, lastSecond, "FULL", "2026-01", SubscriptionCancelled.Reason.REQUESTED));
    }

    @Test
    void cannotCancelAnnualAfter14DaysAcrossTheLeapDay() {
        Instant at = Instant.parse("2028-02-15T00:00:00Z");
        Instant closes = Instant.parse("2028-02-29T00:00:00Z");
        fixture.given(annual(at))
                .when(new CancelSubscription(ID, closes, null))
                .expectEvents(new CancellationScheduled(ID, closes, Instant.parse("2029-02-15T00:00:00Z")));
    }

    @Test
    void theWindowIsCountedInUtcWhateverTheCustomersWallClockSays() {
        // 23:30 in Sydney on 24 Nov is 12:30 UTC; the window is exactly 24 hours of elapsed time, DST or not
        Instant boughtInSydney = java.time.ZonedDateTime.of(2026, 11, 24, 23, 30, 0, 0,
                java.time.ZoneId.of("Australia/Sydney")).toInstant();
        fixture.given(purchased(1, Term.P1M, BillingCycle.MONTHLY, boughtInSydney, Term.P1M.endOfTermStartingAt(boughtInSydney)))
                .when(new CancelSubscription(ID, Instant.parse("2026-11-25T12:29:59Z"), null))
                .expectEvents(new SubscriptionCancelled(ID, Instant.parse("2026-11-25T12:29:59Z"), "FULL", "2026-01", SubscriptionCancelled.Reason.REQUESTED));
    }

    @Test
    void aMonthlyTermFromTheThirtyFirstOfDecemberEndsOnTheThirtyFirstOfJanuary() {
        Instant at = Instant.parse("2026-12-31T18:00:00Z");
        fixture.givenNoPriorActivity()
                .when(purchase(1, Term.P1M, BillingCycle.MONTHLY, at))
                .expectEvents(purchased(1, Term.P1M, BillingCycle.MONTHLY, at, Instant.parse("2027-01-31T18:00:00Z")));
    }

    @Test
    void cancellingTwiceChangesNothing() {
        fixture.given(monthly(), new SubscriptionCancelled(ID, BOUGHT.plusSeconds(60), "FULL", "2026-01", SubscriptionCancelled.Reason.REQUESTED))
                .when(new CancelSubscription(ID, BOUGHT.plusSeconds(120), null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(monthly(), new CancellationScheduled(ID, BOUGHT.plus(Duration.ofDays(2)), Instant.parse("2026-12-24T10:15:30Z")))
                .when(new CancelSubscription(ID, BOUGHT.plus(Duration.ofDays(3)), null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aScheduledCancellationCanBeUndoneBeforeItTakesEffect() {
        Instant end = Instant.parse("2026-12-24T10:15:30Z");
        fixture.given(monthly(), new CancellationScheduled(ID, BOUGHT.plus(Duration.ofDays(2)), end))
                .when(new UndoScheduledCancellation(ID, end.minusSeconds(1), null))
                .expectEvents(new ScheduledCancellationUndone(ID, end.minusSeconds(1)));
    }

    @Test
    void aScheduledCancellationCannotBeUndoneOnceItTakesEffect() {
        Instant end = Instant.parse("2026-12-24T10:15:30Z");
        fixture.given(monthly(), new CancellationScheduled(ID, BOUGHT.plus(Duration.ofDays(2)), end))
                .when(new UndoScheduledCancellation(ID, end, null))
                .expectException(com.cspmarket.kit.BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void autoRenewIsOnByDefaultAndCanBeSwitchedOff() {
        fixture.given(monthly())
                .when(new ChangeAutoRenew(ID, true, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(monthly())
                .when(new ChangeAutoRenew(ID, false, null))
                .expectEvents(new AutoRenewChanged(ID, false));
    }

    @Test
    void aCancelledSubscriptionCannotBeActivatedOrRenewed() {
        fixture.given(monthly(), new SubscriptionCancelled(ID, BOUGHT.plusSeconds(60), "FULL", "2026-01", SubscriptionCancelled.Reason.REQUESTED))
                .when(new ActivateSubscription(ID, "t", BOUGHT.plusSeconds(120)))
                .expectException(com.cspmarket.kit.BusinessException.class)
                .expectNoEvents();
        fixture.given(monthly(), new SubscriptionCancelled(ID, BOUGHT.plusSeconds(60), "FULL", "2026-01", SubscriptionCancelled.Reason.REQUESTED))
                .when(new ChangeAutoRenew(ID, false, null))
                .expectException(com.cspmarket.kit.BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void aChangeFromAStaleVersionIsRefused() {
        fixture.given(monthly(), new AutoRenewChanged(ID, false))
                .when(new CancelSubscription(ID, BOUGHT.plusSeconds(60), 0L))
                .expectException(org.axonframework.modelling.command.ConflictingAggregateVersionException.class)
                .expectNoEvents();
    }

    @Test
    void suspendsAndReinstatesToWhereItWas() {
        Instant at = BOUGHT.plus(Duration.ofDays(2));
        fixture.given(monthly(), new SubscriptionActivated(ID, "order-1", "partner-1", "customer-1", BOUGHT, BOUGHT,
                        Instant.parse("2026-12-24T10:15:30Z")))
                .when(new SuspendSubscription(ID, at, null))
                .expectEvents(new SubscriptionSuspended(ID, at));
        fixture.given(monthly(), new SubscriptionActivated(ID, "order-1", "partner-1", "customer-1", BOUGHT, BOUGHT,
                        Instant.parse("2026-12-24T10:15:30Z")), new SubscriptionSuspended(ID, at))
                .when(new ReinstateSubscription(ID, at.plusSeconds(60), null))
                .expectEvents(new SubscriptionReinstated(ID, at.plusSeconds(60), true));
    }

    @Test
    void suspendingTwiceOrReinstatingAnUnsuspendedSubscriptionChangesNothing() {
        Instant at = BOUGHT.plus(Duration.ofDays(2));
        fixture.given(monthly(), new SubscriptionSuspended(ID, at))
                .when(new SuspendSubscription(ID, at.plusSeconds(1), null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(monthly())
                .when(new ReinstateSubscription(ID, at, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aCancelledSubscriptionCannotBeSuspended() {
        fixture.given(monthly(), new SubscriptionCancelled(ID, BOUGHT.plusSeconds(60), "FULL", "2026-01", SubscriptionCancelled.Reason.REQUESTED))
                .when(new SuspendSubscription(ID, BOUGHT.plusSeconds(120), null))
                .expectException(com.cspmarket.kit.BusinessException.class)
                .expectNoEvents();
    }
}
