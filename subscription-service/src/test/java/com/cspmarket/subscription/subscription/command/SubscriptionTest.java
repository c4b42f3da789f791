package com.cspmarket.subscription.subscription.command;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.subscription.subscription.api.ActivateSubscription;
import com.cspmarket.subscription.subscription.api.BillingCycle;
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
import java.time.Instant;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionTest {

    static final SubscriptionId ID = SubscriptionId.forOrderLine("order-1", 1);
    static final String LINK = "https://marketplace.example/v1/subscriptions/" + ID + "/activation?token=t";
    static final Money PRICE = new Money(new BigDecimal("12.50"), Currency.getInstance("USD"));

    AggregateTestFixture<Subscription> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Subscription.class);
    }

    static PurchaseSubscription purchase(int quantity, Term term, BillingCycle cycle, Instant at) {
        return new PurchaseSubscription(ID, "order-1", 1, "partner-1", "customer-1", "contoso.crm", "Contoso CRM",
                "Contoso", "monthly", quantity, term, cycle, PRICE, at, LINK, "t");
    }

    static SubscriptionPurchased purchased(int quantity, Term term, BillingCycle cycle, Instant at, Instant end) {
        return new SubscriptionPurchased(ID, "order-1", 1, "partner-1", "customer-1", "contoso.crm", "Contoso CRM",
                "Contoso", "monthly", quantity, term, cycle, PRICE, at, at, end, LINK, "t");
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
}
