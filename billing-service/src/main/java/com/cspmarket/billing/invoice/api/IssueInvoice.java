package com.cspmarket.billing.invoice.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.UUID;

/** Close a partner's billing period for one currency into an invoice (numbered, not yet visible). */
public record IssueInvoice(@TargetAggregateIdentifier String invoicingId, String partnerId, String currency,
                           YearMonth period, Instant now) {
    public static String invoicingIdOf(String partnerId) {
        return "invoicing-" + partnerId;
    }

    /** Invoice ids derive from what they invoice, so closing the same period again can never make a second one. */
    public static String invoiceIdOf(String partnerId, String currency, YearMonth period) {
        return UUID.nameUUIDFromBytes(("invoice:" + partnerId + ":" + currency + "|" + period)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
