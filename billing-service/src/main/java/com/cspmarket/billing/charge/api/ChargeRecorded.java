package com.cspmarket.billing.charge.api;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * A billable fact: {@code amount = unitPrice x quantity} for the service from chargeStart to chargeEnd
 * (inclusive dates, UTC), billed in the calendar-month period {@code billingPeriod}. A QUANTITY_CHANGE line is the
 * part of that for the days left in the billing cycle: {@code amount = unitPrice x quantity x proration.days /
 * proration.ofDays}, rounded once, half up, to the minor unit ({@link Money#prorated}). A CANCEL_CREDIT line reverses
 * exactly one earlier charge ({@code reversesChargeId}): that charge's quantity, its unit price and amount negated, its
 * proration; so every line reconciles on its own. {@code whileSuspended}: a monthly cycle of a longer term charged while
 * the subscription was suspended (suspension does not stop billing, as in Partner Center).
 * {@code sourceEventIds} are the integration events that produced it (provenance).
 * Revision 2 added {@code reversesChargeId}, {@code proration} and {@code whileSuspended}; a revision-1 event has none of
 * them (its one CANCEL_CREDIT line per cancellation credited the whole term at once).
 */
@Revision("2")
public record ChargeRecorded(String chargeId, String subscriptionId, String partnerId, String customerId,
                             String orderId, String offerId, String offerName, String publisherName, String skuId,
                             ChargeType chargeType, int quantity, Money unitPrice, Money amount,
                             LocalDate chargeStart, LocalDate chargeEnd, YearMonth billingPeriod,
                             List<String> sourceEventIds, String reversesChargeId, Proration proration,
                             Boolean whileSuspended) {
    public ChargeRecorded {
        sourceEventIds = List.copyOf(sourceEventIds);
    }

    /** The part of a billing cycle a prorated line charges: {@code days} of {@code ofDays}. */
    public record Proration(long days, long ofDays) {
    }
}
