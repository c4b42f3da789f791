package com.cspmarket.billing.charge.api;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * A billable fact: {@code amount = unitPrice x quantity} for the service from chargeStart to chargeEnd
 * (inclusive dates, UTC), billed in the calendar-month period {@code billingPeriod}. A QUANTITY_CHANGE line is the
 * part of that for the days left in the billing cycle ({@link Money#prorated}); a CANCEL_CREDIT line is minus what
 * the cancelled term was charged.
 * {@code sourceEventIds} are the integration events that produced it (provenance).
 */
@Revision("1")
public record ChargeRecorded(String chargeId, String subscriptionId, String partnerId, String customerId,
                             String orderId, String offerId, String offerName, String publisherName, String skuId,
                             ChargeType chargeType, int quantity, Money unitPrice, Money amount,
                             LocalDate chargeStart, LocalDate chargeEnd, YearMonth billingPeriod,
                             List<String> sourceEventIds) {
    public ChargeRecorded {
        sourceEventIds = List.copyOf(sourceEventIds);
    }
}
