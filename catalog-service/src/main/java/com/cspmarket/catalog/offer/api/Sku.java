package com.cspmarket.catalog.offer.api;

import java.util.List;

/** A plan of an offer: term, billing cycle, quantity limits and its prices per market. */
public record Sku(String skuId, String name, Term term, BillingCycle billingCycle, int minQuantity, int maxQuantity,
                  boolean trial, List<SkuPrice> prices) {
    public Sku {
        prices = List.copyOf(prices);
    }
}
