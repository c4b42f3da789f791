package com.cspmarket.billing.invoice.query;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An invoice closed but not yet released: that it exists, for which month and currency, and when it becomes
 * available. Its content (lines, totals) stays private until the 8th: the partner reconciles against the released
 * document, and the seed's rule is that the invoice is visible from 00:00 UTC on the 8th, not before.
 */
public record IssuedInvoice(String invoiceNumber, String billingPeriod, LocalDate billingPeriodStartDate,
                            LocalDate billingPeriodEndDate, String currencyCode, String status, Instant availableOn) {
}
