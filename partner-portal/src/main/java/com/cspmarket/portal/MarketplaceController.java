package com.cspmarket.portal;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The seed's Marketplace: every offer of every type and category by default; filters (type, category, publisher
 * Microsoft / Partner), keywords, paging; "Export price list" (XLSX, one market or all); a product page with its
 * publisher, support contact, SKUs, the price in a chosen market and a chart of each SKU's price history.
 */
@Controller
class MarketplaceController {

    static final int PAGE_SIZE = 20;
    static final List<String> TYPES = List.of("SAAS", "VIRTUAL_MACHINE", "AZURE_APPLICATION", "CONTAINER");

    private final Api api;

    MarketplaceController(Api api) {
        this.api = api;
    }

    @GetMapping("/marketplace")
    String marketplace(@RequestParam(required = false) String q, @RequestParam(required = false) String type,
                       @RequestParam(required = false) String category,
                       @RequestParam(required = false) String publisher,
                       @RequestParam(defaultValue = "0") int page, Model model) {
        UriComponentsBuilder query = UriComponentsBuilder.fromPath("/v1/offers")
                .queryParam("size", PAGE_SIZE).queryParam("page", Math.max(page, 0));
        if (notBlank(q)) {
            query.queryParam("q", q.strip());
        }
        if (notBlank(type)) {
            query.queryParam("type", type);
        }
        if (notBlank(category)) {
            query.queryParam("category", category);
        }
        if ("microsoft".equals(publisher)) {
            query.queryParam("publisherKind", "FIRST_PARTY");
        } else if ("partner".equals(publisher)) {
            query.queryParam("publisherKind", "THIRD_PARTY");
        }
        Map<String, Object> result = api.get(query.build().encode().toUri());
        long total = ((Number) result.getOrDefault("totalCount", 0)).longValue();
        model.addAttribute("offers", result.get("items"));
        model.addAttribute("total", total);
        model.addAttribute("page", Math.max(page, 0));
        model.addAttribute("pages", Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
        model.addAttribute("q", q);
        model.addAttribute("type", type);
        model.addAttribute("category", category);
        model.addAttribute("publisher", publisher);
        model.addAttribute("types", TYPES);
        Shelf shelf = shelf();
        model.addAttribute("categories", shelf.categories());
        model.addAttribute("markets", shelf.markets());
        return "marketplace";
    }

    /** The categories and markets on the shelf (the catalog's facets), for the filter and the export's market. */
    private Shelf shelf() {
        Map<String, Object> facets = api.get("/v1/offers/facets");
        return new Shelf(values(facets.get("categories")), values(facets.get("countries")));
    }

    private static List<String> values(Object facets) {
        List<String> values = new ArrayList<>();
        if (facets instanceof List<?> list) {
            list.forEach(f -> values.add(String.valueOf(((Map<?, ?>) f).get("value"))));
        }
        return values;
    }

    record Shelf(List<String> categories, List<String> markets) {
    }

    /** The price list as a spreadsheet (or CSV), straight from the catalog: the file the API produces. */
    @GetMapping("/marketplace/price-list")
    ResponseEntity<byte[]> exportPriceList(@RequestParam(required = false) String market,
                                           @RequestParam(defaultValue = "xlsx") String format) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/v1/price-list")
                .queryParam("format", "csv".equals(format) ? "csv" : "xlsx");
        if (notBlank(market)) {
            uri.queryParam("market", market);
        }
        ResponseEntity<byte[]> file = api.download(uri.build().encode().toUri(), MediaType.ALL);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(Objects.requireNonNullElse(file.getHeaders().getContentType(),
                MediaType.APPLICATION_OCTET_STREAM));
        String disposition = file.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION);
        headers.set(HttpHeaders.CONTENT_DISPOSITION, disposition != null ? disposition
                : "attachment; filename=\"price-list." + format + "\"");
        return ResponseEntity.ok().headers(headers).body(file.getBody());
    }

    @GetMapping("/marketplace/offers/{offerId}")
    String offer(@PathVariable String offerId, @RequestParam(required = false) String market, Model model) {
        Map<String, Object> offer = api.get("/v1/offers/{id}", offerId);
        List<String> countries = strings(offer.get("countries"));
        String chosen = notBlank(market) ? market : countries.isEmpty() ? null : countries.get(0);
        List<Map<String, Object>> skus = new ArrayList<>();
        if (offer.get("skus") instanceof List<?> list) {
            for (Object item : list) {
                @SuppressWarnings("unchecked") Map<String, Object> sku = (Map<String, Object>) item;
                Map<String, Object> row = new JsonObject(sku);
                row.put("price", priceIn(sku, chosen));
                List<Map<String, Object>> history = chosen == null ? List.of()
                        : api.items("/v1/offers/{id}/skus/{sku}/prices?market={m}", offerId, sku.get("skuId"), chosen);
                row.put("history", history);
                row.put("chart", PriceChart.svg(history));
                skus.add(row);
            }
        }
        model.addAttribute("offer", offer);
        model.addAttribute("skus", skus);
        model.addAttribute("market", chosen);
        model.addAttribute("markets", countries);
        return "offer";
    }

    private static Map<?, ?> priceIn(Map<String, Object> sku, String market) {
        if (sku.get("prices") instanceof List<?> prices) {
            for (Object price : prices) {
                if (price instanceof Map<?, ?> p && Objects.equals(p.get("market"), market)) {
                    return p;
                }
            }
        }
        return null;
    }

    static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
