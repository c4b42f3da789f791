package com.cspmarket.billing.invoice.api;

import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;

@Revision("1")
public record InvoiceReleased(String invoiceId, String invoiceNumber, String partnerId, String currency,
                              YearMonth period, BigDecimal total, int lineItemCount, Instant releasedAt) {
}
