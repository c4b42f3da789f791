package com.cspmarket.events.catalog;

import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Money;

import java.time.LocalDate;
import java.util.List;

/** A marketplace offer became purchasable data; consumers keep their own read model of the catalog. */
public record OfferPublished(
        String offerId,
        String name,
        Publisher publisher,
        String offerType,
        boolean offeredToCspPartners,
        List<String> countries,
        List<Sku> skus) implements IntegrationEvent {

    public OfferPublished {
        countries = List.copyOf(countries);
        skus = List.copyOf(skus);
    }

    @Override
    public String aggregateId() {
        return offerId;
    }

    public record Publisher(String publisherId, String name, String supportEmail) {
    }

    /** A plan of the offer. term is an ISO-8601 period (P1M, P1Y); billingCycle is MONTHLY or ANNUAL. */
    public record Sku(String skuId, String name, String term, String billingCycle,
                      int minQuantity, int maxQuantity, List<Price> prices) {
        public Sku {
            prices = List.copyOf(prices);
        }
    }

    /** The unit price per billing cycle in a market, effective from a date (UTC). */
    public record Price(String market, Money unitPrice, LocalDate effectiveFrom) {
    }
}
