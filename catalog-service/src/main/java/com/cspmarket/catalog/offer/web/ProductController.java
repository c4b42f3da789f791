package com.cspmarket.catalog.offer.web;

import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.PublisherKind;
import com.cspmarket.catalog.offer.query.CatalogViews.Availability;
import com.cspmarket.catalog.offer.query.CatalogViews.OfferDetails;
import com.cspmarket.catalog.offer.query.CatalogViews.OfferSummary;
import com.cspmarket.catalog.offer.query.CatalogViews.Page;
import com.cspmarket.catalog.offer.query.CatalogViews.SkuView;
import com.cspmarket.catalog.offer.query.OfferReadModel;
import com.cspmarket.catalog.offer.query.OfferSearch;
import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.PartnerCenter.Attributes;
import com.cspmarket.kit.PartnerCenter.Collection;
import com.cspmarket.kit.PartnerCenter.Link;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Partner Center's catalog: products for a market ({@code GET /v1/products?country&targetView[&targetSegment]}),
 * a product's SKUs, and a SKU's availabilities in a country, whose {@code catalogItemId}
 * ({@code product:sku:availability}) is what a cart line buys. The marketplace's SaaS offers are the
 * {@code OnlineServices} view (the only one that can be bought here); virtual machines, containers and Azure
 * applications are the {@code Azure} view. An availability is the SKU in one country, its id the country code. The
 * platform's own search, filters, eligibility, price list and price diff stay at {@code /v1/offers...}.
 */
@RestController
@RequestMapping("/v1/products")
@Validated
class ProductController {

    /** Partner Center's ItemType. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemType(String id, String displayName, ItemType subType) {
    }

    record Product(String id, String title, String description, ItemType productType, boolean isMicrosoftProduct,
                   String publisherName, Map<String, Link> links) {
    }

    record Sku(String id, String productId, String title, String description, int minimumQuantity,
               int maximumQuantity, boolean isTrial, List<String> supportedBillingCycles,
               List<String> purchasePrerequisites, List<String> inventoryVariables, List<String> provisioningVariables,
               List<String> actions, Map<String, Object> dynamicAttributes, Map<String, Link> links) {
    }

    record CurrencyInfo(String code, String symbol) {
    }

    record Term(String id, String duration, String description, String billingCycle) {
    }

    record AvailabilityResource(String id, String productId, String skuId, String catalogItemId,
                                CurrencyInfo defaultCurrency, String segment, String country, boolean isPurchasable,
                                boolean isRenewable, List<Term> terms, Product product, Sku sku,
                                Map<String, Link> links) {
    }

    private static final List<String> TARGET_VIEWS = List.of("OnlineServices", "Azure");
    private static final int PAGE = 200;

    private final OfferReadModel offers;
    private final Clock clock;

    ProductController(OfferReadModel offers, Clock clock) {
        this.offers = offers;
        this.clock = clock;
    }

    @GetMapping
    Collection<Product> products(@RequestParam String country, @RequestParam String targetView,
                                 @RequestParam(required = false) String targetSegment,
                                 @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int offset) {
        String market = Countries.require(country);
        String view = TARGET_VIEWS.stream().filter(v -> v.equalsIgnoreCase(targetView)).findFirst()
                .orElseThrow(() -> new BusinessException("invalid-target-view", HttpStatus.BAD_REQUEST,
                        "targetView must be one of " + TARGET_VIEWS + " (marketplace SaaS offers are OnlineServices)"));
        String self = "/products?country=" + market + "&targetView=" + view
                + (targetSegment == null ? "" : "&targetSegment=" + targetSegment);
        if (targetSegment != null && !targetSegment.equalsIgnoreCase("commercial")) {
            return Collection.of(List.of(), self); // the marketplace sells to the commercial segment only
        }
        List<OfferType> types = view.equals("OnlineServices") ? List.of(OfferType.SAAS)
                : List.of(OfferType.VIRTUAL_MACHINE, OfferType.CONTAINER, OfferType.AZURE_APPLICATION);
        // the view's offers on the shelf in that market, by name, type after type; a page of PAGE from offset
        List<OfferSummary> page = new java.util.ArrayList<>();
        long skip = offset;
        for (OfferType type : types) {
            long total = offers.search(new OfferSearch(null, type, null, null, market, false, OfferSearch.Sort.NAME, 0, 1))
                    .totalCount();
            if (skip >= total) {
                skip -= total;
                continue;
            }
            while (page.size() <= PAGE && skip < total) {
                Page<OfferSummary> read = offers.search(new OfferSearch(null, type, null, null, market, false,
                        OfferSearch.Sort.NAME, (int) (skip / PAGE), PAGE));
                List<OfferSummary> from = read.items().subList((int) Math.min(skip % PAGE, read.items().size()),
                        read.items().size());
                if (from.isEmpty()) {
                    break;
                }
                page.addAll(from.subList(0, Math.min(from.size(), PAGE + 1 - page.size())));
                skip += from.size();
            }
            skip = 0;
            if (page.size() > PAGE) {
                break;
            }
        }
        boolean more = page.size() > PAGE;
        List<Product> products = page.stream().limit(PAGE).map(o -> product(o, market)).toList();
        Link next = more ? Link.get(self + "&offset=" + (offset + PAGE)) : null;
        return Collection.of(products, self + (offset == 0 ? "" : "&offset=" + offset), next);
    }

    @GetMapping("/{productId}")
    Product product(@PathVariable String productId, @RequestParam(required = false) String country) {
        OfferDetails offer = offer(productId);
        return product(offer, country == null ? null : Countries.require(country));
    }

    @GetMapping("/{productId}/skus")
    Collection<Sku> skus(@PathVariable String productId, @RequestParam String country,
                         @RequestParam(required = false) String targetSegment) {
        String market = Countries.require(country);
        OfferDetails offer = offer(productId);
        return Collection.of(offer.skus().stream().map(s -> sku(offer, s, market)).toList(),
                "/products/" + productId + "/skus?country=" + market);
    }

    @GetMapping("/{productId}/skus/{skuId}")
    Sku sku(@PathVariable String productId, @PathVariable String skuId, @RequestParam(required = false) String country) {
        OfferDetails offer = offer(productId);
        return sku(offer, skuView(offer, skuId), country == null ? null : Countries.require(country));
    }

    @GetMapping("/{productId}/skus/{skuId}/availabilities")
    Collection<AvailabilityResource> availabilities(@PathVariable String productId, @PathVariable String skuId,
                                                    @RequestParam String country,
                                                    @RequestParam(required = false) String targetSegment) {
        String market = Countries.require(country);
        OfferDetails offer = offer(productId);
        SkuView sku = skuView(offer, skuId);
        return Collection.of(availability(offer, sku, market).stream().toList(),
                "/products/" + productId + "/skus/" + skuId + "/availabilities?country=" + market);
    }

    @GetMapping("/{productId}/skus/{skuId}/availabilities/{availabilityId}")
    AvailabilityResource availability(@PathVariable String productId, @PathVariable String skuId,
                                      @PathVariable String availabilityId,
                                      @RequestParam(required = false) String country) {
        OfferDetails offer = offer(productId);
        SkuView sku = skuView(offer, skuId);
        String market = country != null ? Countries.require(country) : availabilityId.toUpperCase(Locale.ROOT);
        if (!market.equalsIgnoreCase(availabilityId)) {
            throw BusinessException.notFound("availability", availabilityId);
        }
        return availability(offer, sku, Countries.require(market))
                .orElseThrow(() -> BusinessException.notFound("availability", availabilityId));
    }

    /** The SKU purchasable in a country today: the offer on the shelf there, with a price in force. */
    private Optional<AvailabilityResource> availability(OfferDetails offer, SkuView sku, String country) {
        return offers.availabilities(offer.offerId(), country, LocalDate.now(clock)).stream()
                .filter(a -> a.skuId().equals(sku.skuId()))
                .findFirst()
                .map(a -> availabilityOf(offer, sku, a));
    }

    private AvailabilityResource availabilityOf(OfferDetails offer, SkuView sku, Availability a) {
        String id = a.country();
        String self = "/products/" + offer.offerId() + "/skus/" + sku.skuId() + "/availabilities/" + id + "?country=" + id;
        Currency currency = Currency.getInstance(a.currency());
        boolean purchasable = offer.offerType().purchasable() && offer.offeredToCspPartners() && !offer.withdrawn();
        return new AvailabilityResource(id, offer.offerId(), sku.skuId(), offer.offerId() + ":" + sku.skuId() + ":" + id,
                new CurrencyInfo(currency.getCurrencyCode(), currency.getSymbol(Locale.US)), "commercial", a.country(),
                purchasable, purchasable,
                List.of(new Term(sku.term().toLowerCase(Locale.ROOT) + "-" + sku.billingCycle().toLowerCase(Locale.ROOT),
                        sku.term(), termDescription(sku), capitalized(sku.billingCycle()))),
                product(offer, a.country()), sku(offer, sku, a.country()), Map.of("self", Link.get(self)));
    }

    private Product product(OfferSummary o, String country) {
        return new Product(o.offerId(), o.name(), null, itemType(o.offerType()),
                o.publisherKind() == PublisherKind.FIRST_PARTY, o.publisherName(), productLinks(o.offerId(), country));
    }

    private Product product(OfferDetails o, String country) {
        return new Product(o.offerId(), o.name(), o.description(), itemType(o.offerType()),
                o.publisher().kind() == PublisherKind.FIRST_PARTY, o.publisher().name(), productLinks(o.offerId(), country));
    }

    private static Map<String, Link> productLinks(String productId, String country) {
        String query = country == null ? "" : "?country=" + country;
        Map<String, Link> links = new java.util.LinkedHashMap<>();
        links.put("skus", Link.get("/products/" + productId + "/skus" + query));
        links.put("self", Link.get("/products/" + productId + query));
        return links;
    }

    private static Sku sku(OfferDetails offer, SkuView sku, String country) {
        String query = country == null ? "" : "?country=" + country;
        String base = "/products/" + offer.offerId() + "/skus/" + sku.skuId();
        Map<String, Link> links = new java.util.LinkedHashMap<>();
        links.put("availabilities", Link.get(base + "/availabilities" + query));
        links.put("self", Link.get(base + query));
        Map<String, Object> dynamic = new java.util.LinkedHashMap<>();
        dynamic.put("isMicrosoftProduct", offer.publisher().kind() == PublisherKind.FIRST_PARTY);
        dynamic.put("termDuration", sku.term());
        dynamic.put("publisherId", offer.publisher().publisherId());
        dynamic.put("publisherSupportEmail", offer.publisher().supportEmail());
        if (offer.publisher().supportUrl() != null) {
            dynamic.put("publisherSupportUrl", offer.publisher().supportUrl());
        }
        return new Sku(sku.skuId(), offer.offerId(), sku.name(), sku.name() + " (" + termDescription(sku) + ")",
                sku.minQuantity(), sku.maxQuantity(), sku.trial(), List.of(sku.billingCycle().toLowerCase(Locale.ROOT)),
                List.of(), List.of(), List.of(), List.of("Refund"), dynamic, links);
    }

    private static String termDescription(SkuView sku) {
        return ("P1Y".equals(sku.term()) ? "One-Year commitment" : "One-Month commitment") + ", billed "
                + sku.billingCycle().toLowerCase(Locale.ROOT);
    }

    private static ItemType itemType(OfferType type) {
        return switch (type) {
            case SAAS -> new ItemType("SaaS", "SaaS", null);
            case VIRTUAL_MACHINE -> new ItemType("Azure", "Azure", new ItemType("VirtualMachines", "Virtual Machines", null));
            case CONTAINER -> new ItemType("Azure", "Azure", new ItemType("Containers", "Containers", null));
            case AZURE_APPLICATION -> new ItemType("Azure", "Azure", new ItemType("AzureApplications", "Azure Applications", null));
        };
    }

    private OfferDetails offer(String productId) {
        return offers.details(productId, LocalDate.now(clock))
                .filter(o -> !o.withdrawn())
                .orElseThrow(() -> BusinessException.notFound("product", productId));
    }

    private static SkuView skuView(OfferDetails offer, String skuId) {
        return offer.skus().stream().filter(s -> s.skuId().equals(skuId)).findFirst()
                .orElseThrow(() -> BusinessException.notFound("sku", skuId));
    }

    private static String capitalized(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
