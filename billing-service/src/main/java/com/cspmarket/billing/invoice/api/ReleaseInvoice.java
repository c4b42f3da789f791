package com.cspmarket.billing.invoice.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.math.BigDecimal;
import java.time.Instant;

public record ReleaseInvoice(@TargetAggregateIdentifier String invoicingId, String invoiceId, Instant now,
                             BigDecimal total, int lineItemCount) {
}
