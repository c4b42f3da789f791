package com.cspmarket.order.catalog.query;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** One SKU of an offer as order-service's catalog read model knows it, with the price for one market. */
public record CatalogItem(String offerId, String offerName, String publisherName, String offerType,
                          boolean offeredToCspPartners, boolean withdrawn, List<String> countries, String skuId, String term,
                          String billingCycle, int minQuantity, int maxQuantity, Optional<Price> price,
                          String skuName, String publisherId) {

    public record Price(BigDecimal unitPrice, String currency) {
    }
}
