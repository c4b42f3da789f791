package com.cspmarket.system;

import com.cspmarket.local.LocalStack.Service;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Billing's Partner Center collections read to the end, as a Partner Center client reads them: page after page along
 * {@code links.next} (its {@code uri} relative to the API base without {@code /v1}, its {@code headers}, e.g. the
 * {@code MS-ContinuationToken} of a seek page, sent along), through the gateway.
 */
final class BillingReads {

    /** The unbilled one-time billing line items in USD of a {@code period} ({@code current} or {@code previous}). */
    static final String UNBILLED = "/v1/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems"
            + "&currencycode=USD&period=";

    private static final int MAX_PAGES = 1000;

    private BillingReads() {
    }

    /**
     * Every unbilled line of {@code period} ({@code current}: this calendar month by the business clock;
     * {@code previous}: earlier months not invoiced yet), of {@code partnerId} (null: the caller's partner).
     */
    static List<JsonNode> unbilled(TestSystem system, String token, String period, String partnerId) {
        return allItems(system, token, UNBILLED + period + (partnerId == null ? "" : "&partnerId=" + partnerId));
    }

    /** Every unbilled line not on an invoice yet, of any month: {@code previous}, then {@code current}. */
    static List<JsonNode> allUnbilled(TestSystem system, String token, String partnerId) {
        List<JsonNode> lines = new ArrayList<>(unbilled(system, token, "previous", partnerId));
        lines.addAll(unbilled(system, token, "current", partnerId));
        return lines;
    }

    /** Every line item of a released invoice, from its one-time billing line items resource. */
    static List<JsonNode> invoiceLines(TestSystem system, String token, String invoiceId) {
        return allItems(system, token, "/v1/invoices/" + invoiceId + "/lineitems/OneTime/BillingLineItems");
    }

    /** The items of the collection at {@code path} and of every page after it, following {@code links.next}. */
    static List<JsonNode> allItems(TestSystem system, String token, String path) {
        List<JsonNode> items = new ArrayList<>();
        String url = system.url(Service.BILLING, path);
        Map<String, String> headers = Map.of();
        for (int page = 0; page < MAX_PAGES; page++) {
            Http.Response response = Http.get(token, url, headers);
            assertThat(response.status()).as(url + ": " + response.body()).isEqualTo(200);
            assertThat(response.body().path("attributes").path("objectType").asText()).isEqualTo("Collection");
            response.body().path("items").forEach(items::add);
            JsonNode next = response.body().path("links").path("next");
            if (next.isMissingNode() || next.isNull()) {
                return items;
            }
            url = system.url(Service.BILLING, "/v1" + next.path("uri").asText());
            headers = headers(next);
        }
        throw new AssertionError(path + ": more than " + MAX_PAGES + " pages");
    }

    /** A link's {@code headers} ({@code [{"key":..,"value":..}]}) as request headers. */
    static Map<String, String> headers(JsonNode link) {
        Map<String, String> headers = new LinkedHashMap<>();
        link.path("headers").forEach(h -> headers.put(h.path("key").asText(), h.path("value").asText()));
        return headers;
    }
}
