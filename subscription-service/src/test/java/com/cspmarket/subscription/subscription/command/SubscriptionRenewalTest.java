package com.cspmarket.subscription.subscription.command;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.subscription.subscription.api.AutoRenewChanged;
import com.cspmarket.subscription.subscription.api.BillingCycle;
import com.cspmarket.subscription.subscription.api.CancelSubscription;
import com.cspmarket.subscription.subscription.api.CancellationScheduled;
import com.cspmarket.subscription.subscription.api.ChangeAutoRenew;
import com.cspmarket.subscription.subscription.api.ChangeQuantity;
import com.cspmarket.subscription.subscription.api.EndTerm;
import com.cspmarket.subscription.subscription.api.ExpiryReason;
import com.cspmarket.subscription.subscription.api.Money;
import com.cspmarket.subscription.subscription.api.QuantityDecreaseScheduled;
import com.cspmarket.subscription.subscription.api.QuantityIncreased;
import com.cspmarket.subscription.subscription.api.ScheduledQuantityDecreaseWithdrawn;
import com.cspmarket.subscription.subscription.api.SubscriptionActivated;
import com.cspmarket.subscription.subscription.api.SubscriptionCancelled;
import com.cspmarket.subscription.subscription.api.SubscriptionExpired;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchased;
import com.cspmarket.subscription.subscription.api.SubscriptionRenewed;
import com.cspmarket.subscription.subscription.api.SubscriptionSuspended;
import com.cspmarket.subscription.subscription.api.SuspendSubscription;
import com.cspmarket.subscription.subscription.api.Term;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;

import static com.cspmarket.subscription.subscription.command.SubscriptionTest.ID;
import static com.cspmarket.subscription.subscription.command.SubscriptionTest.PRICE;
import static com.cspmarket.subscription.subscription.command.SubscriptionTest.purchased;

/** Term ends (renew or expire, exactly once) and quantity changes, named after the rule each one pins down. */
class SubscriptionRenewalTest {

    static final Money NEW_PRICE = new Money(new BigDecimal("13.75"), Currency.getInstance("USD"));
    static final Duration DAY = Duration.ofHours(24);
    static final Instant START = Instant.parse("2026-11-24T10:15:30Z");
    static final Instant END_1 = Instant.parse("2026-12-24T10:15:30Z");
    static final Instant END_2 = Instant.parse("2027-01-24T10:15:30Z");

    AggregateTestFixture<Subscription> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Subscription.class);
    }

    static SubscriptionPurchased monthly(int quantity, Instant at) {
        return purchased(quantity, Term.P1M, BillingCycle.MONTHLY, at, Term.P1M.endOfTermStartingAt(at));
    }

    static SubscriptionActivated activated(Instant at, Term term) {
        return new SubscriptionActivated(ID, "order-1", "partner-1", "customer-1", at, at, term.endOfTermStartingAt(at));
    }

    static EndTerm renewAt(Instant termEnd, Instant now, Money price, Duration window) {
        return new EndTerm(ID, termEnd, now, new EndTerm.Renewal(price, window, "2026-01"), null);
    }

    static SubscriptionRenewed renewed(int termNumber, Instant start, Instant end, int quantity, int previousQuantity,
                                       Money price, Money previousPrice, Instant now, Duration window) {
        return new SubscriptionRenewed(ID, termNumber, start, end, quantity, previousQuantity, price, previousPrice, now,
                start.plus(window), "2026-01");
    }

    // --- renewal ---

    @Test
    void renewsAtTermEndAtTheThenCurrentCatalogPriceWithANewCancellationWindow() {
        fixture.given(monthly(3, START), activated(START, Term.P1M))
                .when(renewAt(END_1, END_1, NEW_PRICE, DAY))
                .expectResultMessagePayload(END_2)
                .expectEvents(renewed(2, END_1, END_2, 3, 3, NEW_PRICE, PRICE, END_1, DAY));
    }

    @Test
    void doesNotRenewOneSecondBeforeTheTermEnds() {
        fixture.given(monthly(3, START), activated(START, Term.P1M))
                .when(renewAt(END_1, END_1.minusSeconds(1), NEW_PRICE, DAY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aTermEndsExactlyOnceHoweverOftenTheSchedulerAsks() {
        // the scheduler restarted and asks again for the term that already renewed: the aggregate knows it did
        fixture.given(monthly(3, START), activated(START, Term.P1M),
                        renewed(2, END_1, END_2, 3, 3, NEW_PRICE, PRICE, END_1, DAY))
                .when(renewAt(END_1, END_1.plusSeconds(5), NEW_PRICE, DAY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aPendingSubscriptionHasNoTermToEnd() {
        fixture.given(monthly(3, START))
                .when(renewAt(END_1, END_1, NEW_PRICE, DAY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aMonthlySubscriptionActivatedOnTheThirtyFirstKeepsItsAnniversaryAfterFebruary() {
        Instant jan31 = Instant.parse("2027-01-31T12:00:00Z");
        Instant feb28 = Instant.parse("2027-02-28T12:00:00Z");
        Instant mar31 = Instant.parse("2027-03-31T12:00:00Z");
        fixture.given(monthly(1, jan31), activated(jan31, Term.P1M))
                .when(renewAt(feb28, feb28, PRICE, DAY))
                .expectEvents(renewed(2, feb28, mar31, 1, 1, PRICE, PRICE, feb28, DAY));
    }

    @Test
    void anAnnualSubscriptionActivatedOnTheLeapDayRenewsOnTheTwentyEighthAndReturnsToTheTwentyNinth() {
        Instant leap = Instant.parse("2028-02-29T08:00:00Z");
        Instant end2029 = Instant.parse("2029-02-28T08:00:00Z");
        Instant end2030 = Instant.parse("2030-02-28T08:00:00Z");
        Duration fortnight = Duration.ofDays(14);
        fixture.given(purchased(2, Term.P1Y, BillingCycle.ANNUAL, leap, end2029), activated(leap, Term.P1Y))
                .when(renewAt(end2029, end2029, NEW_PRICE, fortnight))
                .expectEvents(renewed(2, end2029, end2030, 2, 2, NEW_PRICE, PRICE, end2029, fortnight));
        assertEndOfTerm(Term.P1Y, leap, 4, "2032-02-29T08:00:00Z");
    }

    private static void assertEndOfTerm(Term term, Instant anchor, int number, String expected) {
        org.assertj.core.api.Assertions.assertThat(term.endOfTerm(anchor, number)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void aLateTickRenewsFromTheTermEndNotFromWhenTheClockNoticed() {
        Instant late = END_1.plus(Duration.ofHours(7));
        fixture.given(monthly(3, START), activated(START, Term.P1M))
                .when(renewAt(END_1, late, NEW_PRICE, DAY))
                .expectEvents(renewed(2, END_1, END_2, 3, 3, NEW_PRICE, PRICE, late, DAY));
    }

    @Test
    void aRenewedTermCanBeCancelledWithFullRefundInsideItsNewWindowOnly() {
        SubscriptionRenewed renewal = renewed(2, END_1, END_2, 3, 3, NEW_PRICE, PRICE, END_1, DAY);
        fixture.given(monthly(3, START), activated(START, Term.P1M), renewal)
                .when(new CancelSubscription(ID, END_1.plus(DAY).minusSeconds(1), null))
                .expectEvents(new SubscriptionCancelled(ID, END_1.plus(DAY).minusSeconds(1), "FULL", "2026-01", SubscriptionCancelled.Reason.REQUESTED));
        fixture.given(monthly(3, START), activated(START, Term.P1M), renewal)
                .when(new CancelSubscription(ID, END_1.plus(DAY), null))
                .expectEvents(new CancellationScheduled(ID, END_1.plus(DAY), END_2));
    }

    // --- expiry ---

    @Test
    void expiresAtTermEndWhenAutoRenewIsOff() {
        fixture.given(monthly(3, START), activated(START, Term.P1M), new AutoRenewChanged(ID, false))
                .when(renewAt(END_1, END_1, NEW_PRICE, DAY))
                .expectResultMessagePayload(null)
                .expectEvents(new SubscriptionExpired(ID, END_1, ExpiryReason.AUTO_RENEW_OFF, END_1));
    }

    @Test
    void aCancellationScheduledForTheTermEndTakesEffectThere() {
        fixture.given(monthly(3, START), activated(START, Term.P1M),
                        new CancellationScheduled(ID, START.plus(Duration.ofDays(3)), END_1))
                .when(renewAt(END_1, END_1, NEW_PRICE, DAY))
                .expectEvents(new SubscriptionExpired(ID, END_1, ExpiryReason.CANCELLED_AT_TERM_END, END_1));
    }

    @Test
    void aSuspendedSubscriptionDoesNotRenew() {
        fixture.given(monthly(3, START), activated(START, Term.P1M), new SubscriptionSuspended(ID, START.plus(DAY)))
                .when(renewAt(END_1, END_1, NEW_PRICE, DAY))
                .expectEvents(new SubscriptionExpired(ID, END_1, ExpiryReason.SUSPENDED, END_1));
    }

    @Test
    void aWithdrawnOfferExpiresAtTermEnd() {
        fixture.given(monthly(3, START), activated(START, Term.P1M))
                .when(new EndTerm(ID, END_1, END_1, null, ExpiryReason.OFFER_WITHDRAWN))
                .expectEvents(new SubscriptionExpired(ID, END_1, ExpiryReason.OFFER_WITHDRAWN, END_1));
    }

    @Test
    void anUnknownCatalogNeitherRenewsNorExpiresASubscriptionThatWouldRenew() {
        fixture.given(monthly(3, START), activated(START, Term.P1M))
                .when(new EndTerm(ID, END_1, END_1, null, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(monthly(3, START), activated(START, Term.P1M), new AutoRenewChanged(ID, false))
                .when(new EndTerm(ID, END_1, END_1, null, null))
                .expectEvents(new SubscriptionExpired(ID, END_1, ExpiryReason.AUTO_RENEW_OFF, END_1));
    }

    @Test
    void anExpiredSubscriptionRefusesEveryChange() {
        SubscriptionExpired expired = new SubscriptionExpired(ID, END_1, ExpiryReason.AUTO_RENEW_OFF, END_1);
        fixture.given(monthly(3, START), activated(START, Term.P1M), new AutoRenewChanged(ID, false), expired)
                .when(new ChangeAutoRenew(ID, true, null))
                .expectException(BusinessException.class)
                .expectNoEvents();
        fixture.given(monthly(3, START), activated(START, Term.P1M), new AutoRenewChanged(ID, false), expired)
                .when(new ChangeQuantity(ID, 5, END_1.plusSeconds(1), 1, 100, null))
                .expectException(BusinessException.class)
                .expectNoEvents();
        fixture.given(monthly(3, START), activated(START, Term.P1M), new AutoRenewChanged(ID, false), expired)
                .when(new SuspendSubscription(ID, END_1.plusSeconds(1), null))
                .expectException(BusinessException.class)
                .expectNoEvents();
        fixture.given(monthly(3, START), activated(START, Term.P1M), new AutoRenewChanged(ID, false), expired)
                .when(renewAt(END_1, END_1.plusSeconds(1), NEW_PRICE, DAY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // --- quantity ---

    @Test
    void aQuantityIncreaseTakesEffectNowAtTheTermsPrice() {
        Instant now = START.plus(Duration.ofDays(10));
        fixture.given(monthly(3, START), activated(START, Term.P1M))
                .when(new ChangeQuantity(ID, 5, now, 1, 100, null))
                .expectEvents(new QuantityIncreased(ID, 3, 5, now, START, END_1, PRICE));
    }

    @Test
    void aQuantityDecreaseWaitsForTheRenewalWhichAppliesIt() {
        Instant now = START.plus(Duration.ofDays(10));
        fixture.given(monthly(3, START), activated(START, Term.P1M))
                .when(new ChangeQuantity(ID, 1, now, 1, 100, null))
                .expectEvents(new QuantityDecreaseScheduled(ID, 3, 1, now, END_1));
        fixture.given(monthly(3, START), activated(START, Term.P1M), new QuantityDecreaseScheduled(ID, 3, 1, now, END_1))
                .when(renewAt(END_1, END_1, NEW_PRICE, DAY))
                .expectEvents(renewed(2, END_1, END_2, 1, 3, NEW_PRICE, PRICE, END_1, DAY));
    }

    @Test
    void askingForTheCurrentQuantityAgainWithdrawsAScheduledDecrease() {
        Instant now = START.plus(Duration.ofDays(10));
        fixture.given(monthly(3, START), activated(START, Term.P1M), new QuantityDecreaseScheduled(ID, 3, 1, now, END_1))
                .when(new ChangeQuantity(ID, 3, now.plusSeconds(60), 1, 100, null))
                .expectEvents(new ScheduledQuantityDecreaseWithdrawn(ID, 3, now.plusSeconds(60),
                        ScheduledQuantityDecreaseWithdrawn.Reason.REQUESTED));
        fixture.given(monthly(3, START), activated(START, Term.P1M))
                .when(new ChangeQuantity(ID, 3, now, 1, 100, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anIncreaseAfterAScheduledDecreaseReplacesIt() {
        Instant now = START.plus(Duration.ofDays(10));
        fixture.given(monthly(3, START), activated(START, Term.P1M), new QuantityDecreaseScheduled(ID, 3, 1, now, END_1),
                        new QuantityIncreased(ID, 3, 4, now.plusSeconds(1), START, END_1, PRICE))
                .when(renewAt(END_1, END_1, PRICE, DAY))
                .expectEvents(renewed(2, END_1, END_2, 4, 4, PRICE, PRICE, END_1, DAY));
    }

    @Test
    void addingSeatsWithdrawsAScheduledDecreaseVisiblyBeforeTheIncrease() {
        Instant now = START.plus(Duration.ofDays(10));
        fixture.given(monthly(3, START), activated(START, Term.P1M), new QuantityDecreaseScheduled(ID, 3, 1, now, END_1))
                .when(new ChangeQuantity(ID, 4, now.plusSeconds(1), 1, 100, null))
                .expectEvents(new ScheduledQuantityDecreaseWithdrawn(ID, 3, now.plusSeconds(1),
                                ScheduledQuantityDecreaseWithdrawn.Reason.QUANTITY_INCREASED),
                        new QuantityIncreased(ID, 3, 4, now.plusSeconds(1), START, END_1, PRICE));
    }

    @Test
    void suspendingWithdrawsAScheduledDecreaseAsPartnerCenterRemovesScheduledChanges() {
        Instant now = START.plus(Duration.ofDays(10));
        fixture.given(monthly(3, START), activated(START, Term.P1M), new QuantityDecreaseScheduled(ID, 3, 1, now, END_1))
                .when(new com.cspmarket.subscription.subscription.api.SuspendSubscription(ID, now.plusSeconds(1), null))
                .expectEvents(new com.cspmarket.subscription.subscription.api.SubscriptionSuspended(ID, now.plusSeconds(1)),
                        new ScheduledQuantityDecreaseWithdrawn(ID, 3, now.plusSeconds(1),
                                ScheduledQuantityDecreaseWithdrawn.Reason.SUSPENDED));
    }

    @Test
    void theQuantityStaysInsideTheSkuLimitsToTheUnit() {
        Instant now = START.plus(Duration.ofDays(1));
        fixture.given(monthly(3, START), activated(START, Term.P1M))
                .when(new ChangeQuantity(ID, 11, now, 1, 10, null))
                .expectException(BusinessException.class)
                .expectExceptionMessage("quantity must be between 1 and 10 for this plan, was 11")
                .expectNoEvents();
        fixture.given(monthly(3, START), activated(START, Term.P1M))
                .when(new ChangeQuantity(ID, 10, now, 1, 10, null))
                .expectEvents(new QuantityIncreased(ID, 3, 10, now, START, END_1, PRICE));
        fixture.given(monthly(3, START), activated(START, Term.P1M))
                .when(new ChangeQuantity(ID, 1, now, 2, 10, null))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void theQuantityOfAPendingOrSuspendedOrCancelledSubscriptionCannotChange() {
        Instant now = START.plus(Duration.ofDays(1));
        fixture.given(monthly(3, START))
                .when(new ChangeQuantity(ID, 4, now, 1, 10, null))
                .expectException(BusinessException.class)
                .expectNoEvents();
        fixture.given(monthly(3, START), activated(START, Term.P1M), new SubscriptionSuspended(ID, now))
                .when(new ChangeQuantity(ID, 4, now, 1, 10, null))
                .expectException(BusinessException.class)
                .expectNoEvents();
        fixture.given(monthly(3, START), activated(START, Term.P1M), new SubscriptionCancelled(ID, now, "FULL", "2026-01", SubscriptionCancelled.Reason.REQUESTED))
                .when(new ChangeQuantity(ID, 4, now, 1, 10, null))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void anIncreaseInARenewedTermIsPricedAtTheRenewalPriceToTheNewTermEnd() {
        Instant now = END_1.plus(Duration.ofDays(3));
        fixture.given(monthly(3, START), activated(START, Term.P1M),
                        renewed(2, END_1, END_2, 3, 3, NEW_PRICE, PRICE, END_1, DAY))
                .when(new ChangeQuantity(ID, 6, now, 1, 10, null))
                .expectEvents(new QuantityIncreased(ID, 3, 6, now, END_1, END_2, NEW_PRICE));
    }
}
