package com.cspmarket.events.catalog;

import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;

import java.time.LocalDate;

/** From {@code effectiveFrom} (UTC) on, the SKU costs {@code unitPrice} per billing cycle in {@code market}. */
public record SkuPriceChanged(String offerId, String skuId, String market, Money unitPrice, LocalDate effectiveFrom)
        implements IntegrationEvent {

    @Override
    public String aggregateId() {
        return offerId;
    }
}
