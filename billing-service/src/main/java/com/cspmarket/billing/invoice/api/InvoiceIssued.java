package com.cspmarket.billing.invoice.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.time.YearMonth;

/**
 * The period was closed into invoice number {@code invoiceNumber} (gapless per partner). The invoice holds every
 * charge of this partner and currency, recorded before this event, for this period or earlier and not yet invoiced.
 */
@Revision("1")
public record InvoiceIssued(String invoiceId, String invoiceNumber, long sequence, String partnerId, String currency,
                            YearMonth period, Instant issuedAt, Instant releaseAt) {
}
