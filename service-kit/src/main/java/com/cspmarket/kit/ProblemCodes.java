package com.cspmarket.kit;

import java.util.Map;
import java.util.zip.CRC32;

/**
 * Partner Center's {@code code} for each problem type: a stable number per business error, so that a client written
 * for Partner Center shows a message ({@code description}) and can branch on the code. Numbers group by area:
 * 400xxx-500xxx for the request and the platform (Partner Center's own numbers where it has one: 400013 product, 400018
 * SKU, 400019 availability not found), 61xxxx catalog, 62xxxx customers, carts and orders, 63xxxx subscriptions,
 * 64xxxx billing. A type not listed here gets a number derived from its name (900000-999999), stable too; list it to
 * give it its place.
 */
public final class ProblemCodes {

    private static final Map<String, Integer> CODES = Map.ofEntries(
            // the request
            Map.entry("invalid-request", 400000),
            Map.entry("invalid-request-id", 400001),
            Map.entry("invalid-correlation-id", 400002),
            Map.entry("invalid-if-match", 400003),
            Map.entry("partner-required", 400004),
            Map.entry("empty-patch", 400005),
            Map.entry("invalid-sort", 400006),
            Map.entry("invalid-range", 400007),
            Map.entry("invalid-format", 400008),
            Map.entry("unauthorized", 401000),
            Map.entry("forbidden", 403000),
            Map.entry("other-partner", 403001),
            Map.entry("no-partner", 403002),
            Map.entry("invalid-activation-token", 403003),
            Map.entry("not-found", 404000),
            Map.entry("method-not-allowed", 405000),
            Map.entry("conflict", 409000),
            Map.entry("request-id-reused", 409001),
            Map.entry("already-exists", 409002),
            Map.entry("stale-version", 412000),
            Map.entry("request-too-large", 413000),
            Map.entry("unsupported-media-type", 415000),
            Map.entry("too-many-requests", 429000),
            Map.entry("server-error", 500000),
            Map.entry("temporarily-unavailable", 503000),
            // catalog
            Map.entry("offer-not-found", 400013),
            Map.entry("product-not-found", 400013),
            Map.entry("sku-not-found", 400018),
            Map.entry("availability-not-found", 400019),
            Map.entry("invalid-offer", 610001),
            Map.entry("unknown-country", 610002),
            Map.entry("price-in-the-past", 610003),
            Map.entry("price-already-in-force", 610004),
            Map.entry("offer-withdrawn", 610005),
            Map.entry("no-price", 610006),
            Map.entry("invalid-target-view", 610007),
            // customers, carts, orders
            Map.entry("customer-not-found", 620001),
            Map.entry("cart-not-found", 620002),
            Map.entry("invalid-cart", 620003),
            Map.entry("empty-cart", 620004),
            Map.entry("cart-already-checked-out", 620005),
            Map.entry("checkout-rejected", 620006),
            Map.entry("order-not-found", 620007),
            Map.entry("order-line-not-found", 620008),
            Map.entry("empty-order", 620009),
            Map.entry("unknown-billing-country", 620010),
            Map.entry("invalid-customer", 620011),
            Map.entry("billing-country-fixed", 620012),
            // subscriptions
            Map.entry("subscription-not-found", 630001),
            Map.entry("subscription-cancelled", 630002),
            Map.entry("subscription-not-active", 630003),
            Map.entry("subscription-expired", 630004),
            Map.entry("quantity-out-of-range", 630005),
            Map.entry("plan-unknown", 630006),
            Map.entry("no-scheduled-cancellation", 630007),
            Map.entry("subscription-not-yet", 630008),
            Map.entry("cancellation-window-closed", 630009),
            Map.entry("unsupported-change", 630010),
            // billing
            Map.entry("invoice-not-found", 640001),
            Map.entry("invoice-not-yet-released", 640002),
            Map.entry("period-still-open", 640003),
            Map.entry("invalid-continuation", 640004),
            Map.entry("unsupported-line-items", 640005),
            // operators
            Map.entry("since-in-the-future", 650001),
            Map.entry("not-replayable", 650002),
            Map.entry("no-read-model", 650003),
            Map.entry("tracking-processor-not-found", 650004),
            Map.entry("event-processor-not-found", 650005),
            Map.entry("aggregate-not-found", 650006),
            Map.entry("clock-cannot-go-back", 650007));

    private ProblemCodes() {
    }

    /** The code of a problem type (its last path segment, e.g. {@code offer-not-found}). */
    public static String codeOf(String type) {
        Integer listed = CODES.get(type);
        if (listed != null) {
            return String.valueOf(listed);
        }
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return String.valueOf(900000 + crc.getValue() % 100000);
    }

    /** Whether the type has a place of its own in the list. */
    public static boolean listed(String type) {
        return CODES.containsKey(type);
    }
}
