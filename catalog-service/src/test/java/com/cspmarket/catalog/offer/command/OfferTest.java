package com.cspmarket.catalog.offer.command;

import com.cspmarket.catalog.offer.api.BillingCycle;
import com.cspmarket.catalog.offer.api.ChangeOfferAvailability;
import com.cspmarket.catalog.offer.api.ChangeSkuPrice;
import com.cspmarket.catalog.offer.api.OfferAvailabilityChanged;
import com.cspmarket.catalog.offer.api.OfferWithdrawn;
import com.cspmarket.catalog.offer.api.SkuPriceChanged;
import com.cspmarket.catalog.offer.api.WithdrawOffer;
import com.cspmarket.catalog.offer.api.Money;
import com.cspmarket.catalog.offer.api.OfferId;
import com.cspmarket.catalog.offer.api.OfferPublished;
import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.PublishOffer;
import com.cspmarket.catalog.offer.api.Publisher;
import com.cspmarket.catalog.offer.api.PublisherKind;
import com.cspmarket.catalog.offer.api.Sku;
import com.cspmarket.catalog.offer.api.SkuPrice;
import com.cspmarket.catalog.offer.api.Term;
import com.cspmarket.kit.BusinessException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;

class OfferTest {

    static final OfferId ID = new OfferId("contoso.crm");
    static final Publisher CONTOSO = new Publisher("contoso", "Contoso", "support@contoso.example", null, PublisherKind.THIRD_PARTY);
    static final SkuPrice USD = new SkuPrice("US", new Money(new BigDecimal("10.00"), Currency.getInstance("USD")),
            LocalDate.of(2026, 1, 1));

    AggregateTestFixture<Offer> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Offer.class);
    }

    static PublishOffer publish(List<String> countries, List<Sku> skus) {
        return new PublishOffer(ID, "Contoso CRM", "CRM", CONTOSO, OfferType.SAAS, true, List.of("CRM"), countries, skus,
                USD.effectiveFrom());
    }

    static Sku sku(String id, Term term, BillingCycle cycle, int min, int max, List<SkuPrice> prices) {
        return new Sku(id, id, term, cycle, min, max, false, prices);
    }

    @Test
    void publishesAValidOffer() {
        PublishOffer command = publish(List.of("US", "DE"), List.of(
                sku("monthly", Term.P1M, BillingCycle.MONTHLY, 1, 10, List.of(USD)),
                sku("annual-paid-monthly", Term.P1Y, BillingCycle.MONTHLY, 1, 10, List.of(USD))));
        fixture.givenNoPriorActivity()
                .when(command)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OfferPublished(ID, "Contoso CRM", "CRM", CONTOSO, OfferType.SAAS, true,
                        List.of("CRM"), List.of("US", "DE"), command.skus()));
    }

    @Test
    void aNewOffersPricesStartOnItsPublicationDayOrLaterNeverBefore() {
        LocalDate today = USD.effectiveFrom();
        SkuPrice yesterday = new SkuPrice("US", USD.unitPrice(), today.minusDays(1));
        SkuPrice nextWeek = new SkuPrice("US", new Money(new BigDecimal("11.00"), Currency.getInstance("USD")), today.plusDays(7));
        fixture.givenNoPriorActivity()
                .when(publish(List.of("US"), List.of(sku("m", Term.P1M, BillingCycle.MONTHLY, 1, 10, List.of(yesterday)))))
                .expectException(BusinessException.class)
                .expectExceptionMessage("SKU 'm': a price cannot take effect in the past (" + today.minusDays(1)
                        + " is before " + today + "); a new offer's prices start on its publication day or later, and a"
                        + " price history is never rewritten")
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(publish(List.of("US"), List.of(sku("m", Term.P1M, BillingCycle.MONTHLY, 1, 10, List.of(USD, nextWeek)))))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void cannotPublishWithAnUnknownCountry() {
        fixture.givenNoPriorActivity()
                .when(publish(List.of("US", "ZZ"), List.of(sku("m", Term.P1M, BillingCycle.MONTHLY, 1, 10, List.of(USD)))))
                .expectException(BusinessException.class)
                .expectExceptionMessage("unknown country code 'ZZ' (ISO 3166-1 alpha-2 expected)")
                .expectNoEvents();
    }

    @Test
    void cannotBillAMonthlyTermAnnually() {
        fixture.givenNoPriorActivity()
                .when(publish(List.of("US"), List.of(sku("m", Term.P1M, BillingCycle.ANNUAL, 1, 10, List.of(USD)))))
                .expectException(BusinessException.class)
                .expectExceptionMessage("SKU 'm': a monthly term cannot be billed annually")
                .expectNoEvents();
    }

    @Test
    void cannotPublishWithoutSkus() {
        fixture.givenNoPriorActivity()
                .when(publish(List.of("US"), List.of()))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void cannotPublishTheSameSkuTwice() {
        Sku sku = sku("m", Term.P1M, BillingCycle.MONTHLY, 1, 10, List.of(USD));
        fixture.givenNoPriorActivity()
                .when(publish(List.of("US"), List.of(sku, sku)))
                .expectException(BusinessException.class)
                .expectExceptionMessage("SKU 'm' appears twice")
                .expectNoEvents();
    }

    @Test
    void quantityLimitsMustBeOrdered() {
        fixture.givenNoPriorActivity()
                .when(publish(List.of("US"), List.of(sku("m", Term.P1M, BillingCycle.MONTHLY, 5, 4, List.of(USD)))))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void twoPricesForTheSameMarketAndDayAreAmbiguous() {
        fixture.givenNoPriorActivity()
                .when(publish(List.of("US"), List.of(sku("m", Term.P1M, BillingCycle.MONTHLY, 1, 4, List.of(USD, USD)))))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    static OfferPublished published() {
        return new OfferPublished(ID, "Contoso CRM", "CRM", CONTOSO, OfferType.SAAS, true, List.of("CRM"),
                List.of("US", "DE"), List.of(sku("monthly", Term.P1M, BillingCycle.MONTHLY, 1, 10, List.of(USD))));
    }

    static Money usd(String amount) {
        return new Money(new BigDecimal(amount), Currency.getInstance("USD"));
    }

    @Test
    void changesAPriceFromAFutureDate() {
        fixture.given(published())
                .when(new ChangeSkuPrice(ID, "monthly", "US", usd("11.00"), TODAY.plusDays(7), TODAY, null))
                .expectEvents(new SkuPriceChanged(ID, "monthly", "US", usd("11.00"), TODAY.plusDays(7)));
    }

    @Test
    void aPriceMayTakeEffectToday() {
        fixture.given(published())
                .when(new ChangeSkuPrice(ID, "monthly", "US", usd("11.00"), TODAY, TODAY, null))
                .expectEvents(new SkuPriceChanged(ID, "monthly", "US", usd("11.00"), TODAY));
    }

    @Test
    void cannotChangeAPriceInThePast() {
        fixture.given(published())
                .when(new ChangeSkuPrice(ID, "monthly", "US", usd("11.00"), TODAY.minusDays(1), TODAY, null))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void cannotRewriteAPriceAlreadyInForce() {
        fixture.given(published(), new SkuPriceChanged(ID, "monthly", "US", usd("11.00"), TODAY))
                .when(new ChangeSkuPrice(ID, "monthly", "US", usd("9.00"), TODAY, TODAY, null))
                .expectException(BusinessException.class)
                .expectExceptionMessage("the price for US effective " + TODAY + " is already in force")
                .expectNoEvents();
    }

    @Test
    void aFuturePriceCanBeCorrectedBeforeItTakesEffect() {
        fixture.given(published(), new SkuPriceChanged(ID, "monthly", "US", usd("11.00"), TODAY.plusDays(7)))
                .when(new ChangeSkuPrice(ID, "monthly", "US", usd("10.50"), TODAY.plusDays(7), TODAY, null))
                .expectEvents(new SkuPriceChanged(ID, "monthly", "US", usd("10.50"), TODAY.plusDays(7)));
    }

    @Test
    void cannotPriceAMarketInASecondCurrency() {
        fixture.given(published())
                .when(new ChangeSkuPrice(ID, "monthly", "US", new Money(new BigDecimal("9.00"), Currency.getInstance("EUR")),
                        TODAY, TODAY, null))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void cannotPriceAnUnknownSku() {
        fixture.given(published())
                .when(new ChangeSkuPrice(ID, "nope", "US", usd("9.00"), TODAY, TODAY, null))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void aStaleVersionIsRefused() {
        fixture.given(published(), new SkuPriceChanged(ID, "monthly", "US", usd("11.00"), TODAY.plusDays(1)))
                .when(new ChangeSkuPrice(ID, "monthly", "US", usd("12.00"), TODAY.plusDays(2), TODAY, 0L))
                .expectException(org.axonframework.modelling.command.ConflictingAggregateVersionException.class)
                .expectNoEvents();
    }

    @Test
    void anAvailabilityChangeNamesWhatWasAddedAndRemoved() {
        fixture.given(published())
                .when(new ChangeOfferAvailability(ID, List.of("US", "FR", "GB"), null))
                .expectEvents(new OfferAvailabilityChanged(ID, List.of("US", "FR", "GB"), List.of("FR", "GB"), List.of("DE")));
    }

    @Test
    void theSameAvailabilityChangesNothing() {
        fixture.given(published())
                .when(new ChangeOfferAvailability(ID, List.of("US", "DE"), null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    static final java.time.Instant WITHDRAWN_AT = java.time.Instant.parse("2026-11-24T10:15:30Z");

    @Test
    void aWithdrawalRecordsItsInstant() {
        fixture.given(published())
                .when(new WithdrawOffer(ID, "end of life", WITHDRAWN_AT, null))
                .expectEvents(new OfferWithdrawn(ID, "end of life", WITHDRAWN_AT));
    }

    @Test
    void aWithdrawnOfferCannotBeRepricedAndWithdrawingAgainChangesNothing() {
        fixture.given(published(), new OfferWithdrawn(ID, "end of life", WITHDRAWN_AT))
                .when(new ChangeSkuPrice(ID, "monthly", "US", usd("11.00"), TODAY, TODAY, null))
                .expectException(BusinessException.class)
                .expectNoEvents();
        fixture.given(published(), new OfferWithdrawn(ID, "end of life", WITHDRAWN_AT))
                .when(new WithdrawOffer(ID, "again", WITHDRAWN_AT.plusSeconds(60), null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
