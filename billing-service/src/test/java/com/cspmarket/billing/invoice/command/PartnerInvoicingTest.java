package com.cspmarket.billing.invoice.command;

import com.cspmarket.billing.invoice.api.InvoiceIssued;
import com.cspmarket.billing.invoice.api.InvoiceReleased;
import com.cspmarket.billing.invoice.api.IssueInvoice;
import com.cspmarket.billing.invoice.api.ReleaseInvoice;
import com.cspmarket.kit.BusinessException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;


class PartnerInvoicingTest {

    static final String ID = IssueInvoice.invoicingIdOf("partner-1");
    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    static final Instant DECEMBER_FIRST = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant DECEMBER_EIGHTH = Instant.parse("2026-12-08T00:00:00Z");

    AggregateTestFixture<PartnerInvoicing> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PartnerInvoicing.class);
    }

    static IssueInvoice close(String currency, YearMonth period, Instant now) {
        return new IssueInvoice(ID, "partner-1", currency, period, now);
    }

    static InvoiceIssued issued(String invoiceId, long sequence, String currency, YearMonth period) {
        return new InvoiceIssued(invoiceId, String.format("partner-1-%06d", sequence), sequence, "partner-1", currency,
                period, period.plusMonths(1).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                period.plusMonths(1).atDay(8).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    }

    @Test
    void theFirstInvoiceOfAPartnerIsNumberOne() {
        fixture.givenNoPriorActivity()
                .when(close("USD", NOVEMBER, DECEMBER_FIRST))
                .expectEvents(issued(IssueInvoice.invoiceIdOf("partner-1", "USD", NOVEMBER), 1, "USD", NOVEMBER));
    }

    @Test
    void invoiceNumbersHaveNoGapsAcrossCurrenciesAndMonths() {
        fixture.given(issued("inv-1", 1, "USD", NOVEMBER))
                .when(close("EUR", NOVEMBER, DECEMBER_FIRST))
                .expectEvents(issued(IssueInvoice.invoiceIdOf("partner-1", "EUR", NOVEMBER), 2, "EUR", NOVEMBER));
    }

    @Test
    void closingTheSamePeriodAndCurrencyTwiceIssuesNothing() {
        fixture.given(issued("inv-1", 1, "USD", NOVEMBER))
                .when(close("USD", NOVEMBER, DECEMBER_FIRST.plusSeconds(60)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    /**
     * An instance whose clock lags (by a second at a month's end) still sees the month before as the last closed one; a
     * late charge of that month must not get an invoice issued after a later month's: an invoice holds the lines
     * recorded before it up to its period, so the periods of a partner's invoices in a currency only ever rise (V9).
     * The late charge waits for the next month's invoice.
     */
    @Test
    void aMonthBeforeTheLatestInvoicedOneInTheCurrencyIsNotInvoicedAnyMore() {
        YearMonth october = NOVEMBER.minusMonths(1);
        fixture.given(issued("inv-sep", 1, "USD", october.minusMonths(1)), issued("inv-nov", 2, "USD", NOVEMBER))
                .when(close("USD", october, DECEMBER_FIRST.minusSeconds(1)))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void anotherCurrencyKeepsItsOwnOrderOfMonths() {
        YearMonth october = NOVEMBER.minusMonths(1);
        fixture.given(issued("inv-nov", 1, "USD", NOVEMBER))
                .when(close("EUR", october, DECEMBER_FIRST))
                .expectEvents(new InvoiceIssued(IssueInvoice.invoiceIdOf("partner-1", "EUR", october), "partner-1-000002",
                        2, "partner-1", "EUR", october, DECEMBER_FIRST, Instant.parse("2026-11-08T00:00:00Z")));
    }

    @Test
    void cannotCloseAMonthBeforeItEnds() {
        fixture.givenNoPriorActivity()
                .when(close("USD", NOVEMBER, DECEMBER_FIRST.minusSeconds(1)))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void anInvoiceIsNotReleasedBeforeTheEighth() {
        fixture.given(issued("inv-1", 1, "USD", NOVEMBER))
                .when(new ReleaseInvoice(ID, "inv-1", DECEMBER_EIGHTH.minusSeconds(1), new BigDecimal("74.85"), 1))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void anInvoiceIsReleasedOnTheEighth() {
        fixture.given(issued("inv-1", 1, "USD", NOVEMBER))
                .when(new ReleaseInvoice(ID, "inv-1", DECEMBER_EIGHTH, new BigDecimal("74.85"), 1))
                .expectEvents(new InvoiceReleased("inv-1", "partner-1-000001", "partner-1", "USD", NOVEMBER,
                        new BigDecimal("74.85"), 1, DECEMBER_EIGHTH));
    }

    @Test
    void releasingTwiceReleasesOnce() {
        fixture.given(issued("inv-1", 1, "USD", NOVEMBER), new InvoiceReleased("inv-1", "partner-1-000001",
                        "partner-1", "USD", NOVEMBER, new BigDecimal("74.85"), 1, DECEMBER_EIGHTH))
                .when(new ReleaseInvoice(ID, "inv-1", DECEMBER_EIGHTH.plusSeconds(5), new BigDecimal("74.85"), 1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
