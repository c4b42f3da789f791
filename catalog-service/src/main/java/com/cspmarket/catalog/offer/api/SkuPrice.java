package com.cspmarket.catalog.offer.api;

import java.time.LocalDate;

/** The unit price of a SKU per billing cycle in one market (ISO country), effective from a UTC date. */
public record SkuPrice(String market, Money unitPrice, LocalDate effectiveFrom) {
}
