package com.cspmarket.billing.invoice.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A released invoice, shaped after Partner Center's Invoice resource. */
public record InvoiceView(String id, String invoiceNumber, String partnerId, Instant invoiceDate,
                          LocalDate billingPeriodStartDate, LocalDate billingPeriodEndDate, BigDecimal totalCharges,
                          String currencyCode, int lineItemCount) {
}
