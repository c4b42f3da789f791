package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.PublisherKind;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What the catalog's read side returns. */
public final class CatalogViews {

    private CatalogViews() {
    }

    /**
     * A page of results. {@code totalCount} is exact up to {@link OfferReadModel#COUNT_LIMIT}; past it the count
     * stops there and {@code totalCountCapped} is true (counting 100k rows on every page view costs more than
     * showing them).
     */
    public record Page<T>(long totalCount, boolean totalCountCapped, int page, int size, List<T> items) {
    }

    public record OfferSummary(String offerId, String name, String publisherName, PublisherKind publisherKind,
                               OfferType offerType, List<String> categories, boolean offeredToCspPartners,
                               List<String> countries, boolean withdrawn) {
    }

    public record PublisherView(String publisherId, String name, PublisherKind kind, String supportEmail,
                                String supportUrl) {
    }

    public record PriceView(String market, String currency, BigDecimal unitPrice, LocalDate effectiveFrom) {
    }

    public record SkuView(String skuId, String name, String term, String billingCycle, int minQuantity,
                          int maxQuantity, boolean trial, List<PriceView> prices) {
    }

    /** An offer with the prices in force on {@code pricesAsOf}. */
    public record OfferDetails(String offerId, String name, String description, PublisherView publisher,
                               OfferType offerType, boolean offeredToCspPartners, List<String> categories,
                               List<String> countries, boolean withdrawn, String withdrawnReason, Instant withdrawnAt,
                               List<SkuView> skus,
                               LocalDate pricesAsOf, Instant publishedAt, long version) {
    }

    /** One value of a filter with the number of offers that have it. */
    public record Facet(String value, long offers) {
    }

    public record Facets(List<Facet> categories, List<Facet> countries) {
    }

    public record PricePoint(String offerId, String skuId, String market, String currency, BigDecimal unitPrice,
                             LocalDate effectiveFrom) {
    }

    /** A SKU purchasable in a country today, Partner Center's "availability". */
    public record Availability(String offerId, String skuId, String skuName, String country, String currency,
                               BigDecimal unitPrice, LocalDate priceEffectiveFrom, String term, String billingCycle,
                               int minQuantity, int maxQuantity) {
    }

    /** Why a customer billed in {@code country} can or cannot buy the offer: every failing rule, explained. */
    public record Eligibility(String offerId, String country, boolean eligible, List<FailedRule> failedRules) {
    }

    public record FailedRule(EligibilityRule rule, String explanation) {
    }

    public enum EligibilityRule {
        WITHDRAWN, NOT_SAAS, NOT_OFFERED_TO_CSP_PARTNERS, COUNTRY_NOT_SUPPORTED, NO_PRICE_IN_MARKET
    }

    /** One line of the price list: the price of a SKU in a market in force on the list's date. */
    public record PriceListRow(String offerId, String offerName, String publisherName, String skuId, String skuName,
                               String term, String billingCycle, String market, String currency, BigDecimal unitPrice,
                               LocalDate effectiveFrom) {
    }

    /** A price that differs between two dates (oldUnitPrice is null for a price that did not exist before). */
    public record PriceChange(String offerId, String offerName, String skuId, String market, String currency,
                              BigDecimal oldUnitPrice, BigDecimal newUnitPrice, LocalDate effectiveFrom) {
    }
}
