package com.cspmarket.catalog.offer;

import com.cspmarket.catalog.ServiceIT;
import com.cspmarket.kit.MovableClock;
import com.cspmarket.local.RepeatableTest;
import com.cspmarket.local.partnercenter.PartnerCenterClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Partner Center's catalog resources: products for a market and view, a product's SKUs and a SKU's availabilities,
 * whose catalogItemId a cart buys; collections in Partner Center's envelope; unknown ids are problems with codes.
 */
class ProductsIT extends ServiceIT {

    @Autowired
    TestRestTemplate http;

    @Autowired
    MovableClock clock;

    String publish(String type, String countries) {
        String id = "northwind.product-" + UUID.randomUUID().toString().substring(0, 8);
        String json = """
                {"offerId":"%s","name":"Northwind %s","description":"Inventory for shops",
                 "publisher":{"publisherId":"northwind","name":"Northwind Traders","supportEmail":"help@northwind.example"},
                 "offerType":"%s","offeredToCspPartners":true,"categories":["Operations"],"countries":%s,
                 "skus":[{"skuId":"basic","name":"Basic","term":"P1Y","billingCycle":"MONTHLY","minQuantity":2,"maxQuantity":40,
                          "prices":[{"market":"US","unitPrice":"8.00","currency":"USD","effectiveFrom":"%s"},
                                    {"market":"DE","unitPrice":"7.50","currency":"EUR","effectiveFrom":"%s"}]}]}
                """.formatted(id, id, type, countries, LocalDate.now(clock), LocalDate.now(clock));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.postForEntity("/v1/offers", new HttpEntity<>(json, headers), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.getForEntity("/v1/products/" + id + "?country=US", JsonNode.class).getStatusCode() == HttpStatus.OK);
        return id;
    }

    @RepeatableTest
    void aMarketsProductsSkusAndAvailabilitiesLeadToTheCatalogItemIdACartBuys() {
        String saas = publish("SAAS", "[\"US\",\"DE\"]");
        String vm = publish("VIRTUAL_MACHINE", "[\"US\"]");

        JsonNode products = http.getForObject("/v1/products?country=US&targetView=OnlineServices", JsonNode.class);
        assertThat(products.path("attributes").path("objectType").asText()).isEqualTo("Collection");
        assertThat(products.path("links").path("self").path("uri").asText()).startsWith("/products?country=US&targetView=OnlineServices");
        assertThat(products.path("totalCount").asInt()).isEqualTo(products.path("items").size());
        List<String> ids = products.path("items").findValuesAsText("id");
        assertThat(ids).contains(saas).doesNotContain(vm);
        JsonNode product = http.getForObject("/v1/products/" + saas + "?country=US", JsonNode.class);
        assertThat(product.path("title").asText()).isEqualTo("Northwind " + saas);
        assertThat(product.path("publisherName").asText()).isEqualTo("Northwind Traders");
        assertThat(product.path("productType").path("id").asText()).isEqualTo("SaaS");
        assertThat(product.path("isMicrosoftProduct").asBoolean()).isFalse();
        assertThat(product.path("links").path("skus").path("uri").asText()).isEqualTo("/products/" + saas + "/skus?country=US");
        assertThat(http.getForObject("/v1/products?country=US&targetView=Azure", JsonNode.class)
                .path("items").findValuesAsText("id")).contains(vm).doesNotContain(saas);

        JsonNode skus = http.getForObject("/v1/products/" + saas + "/skus?country=US", JsonNode.class);
        JsonNode sku = skus.path("items").get(0);
        assertThat(sku.path("id").asText()).isEqualTo("basic");
        assertThat(sku.path("productId").asText()).isEqualTo(saas);
        assertThat(sku.path("minimumQuantity").asInt()).isEqualTo(2);
        assertThat(sku.path("maximumQuantity").asInt()).isEqualTo(40);
        assertThat(sku.path("isTrial").asBoolean()).isFalse();
        assertThat(sku.path("supportedBillingCycles").get(0).asText()).isEqualTo("monthly");
        assertThat(sku.path("dynamicAttributes").path("publisherSupportEmail").asText()).isEqualTo("help@northwind.example");

        JsonNode availabilities = http.getForObject("/v1/products/" + saas + "/skus/basic/availabilities?country=DE", JsonNode.class);
        // as a client written for Partner Center reads them (unknown properties fail)
        PartnerCenterClient.read(products, PartnerCenterClient.Products.class);
        PartnerCenterClient.read(product, PartnerCenterClient.Product.class);
        PartnerCenterClient.read(skus, PartnerCenterClient.Skus.class);
        assertThat(PartnerCenterClient.read(availabilities, PartnerCenterClient.Availabilities.class).items().get(0)
                .sku().supportedBillingCycles()).containsExactly(PartnerCenterClient.BillingCycle.MONTHLY);
        JsonNode availability = availabilities.path("items").get(0);
        assertThat(availability.path("catalogItemId").asText()).isEqualTo(saas + ":basic:DE");
        assertThat(availability.path("country").asText()).isEqualTo("DE");
        assertThat(availability.path("defaultCurrency").path("code").asText()).isEqualTo("EUR");
        assertThat(availability.path("isPurchasable").asBoolean()).isTrue();
        assertThat(availability.path("terms").get(0).path("duration").asText()).isEqualTo("P1Y");
        assertThat(availability.path("terms").get(0).path("billingCycle").asText()).isEqualTo("Monthly");
        assertThat(http.getForObject("/v1/products/" + saas + "/skus/basic/availabilities/DE", JsonNode.class)
                .path("catalogItemId").asText()).isEqualTo(saas + ":basic:DE");
        // not sold in Japan: no availability there
        assertThat(http.getForObject("/v1/products/" + saas + "/skus/basic/availabilities?country=JP", JsonNode.class)
                .path("totalCount").asInt()).isZero();
    }

    @RepeatableTest
    void unknownProductsSkusAndAvailabilitiesAreProblemsWithPartnerCentersCodes() {
        String saas = publish("SAAS", "[\"US\"]");
        assertProblem(http.getForEntity("/v1/products/northwind.none?country=US", JsonNode.class), 404, "product-not-found", "400013");
        assertProblem(http.getForEntity("/v1/products/" + saas + "/skus/gold?country=US", JsonNode.class), 404, "sku-not-found", "400018");
        assertProblem(http.getForEntity("/v1/products/" + saas + "/skus/basic/availabilities/JP?country=JP", JsonNode.class),
                404, "availability-not-found", "400019");
        assertProblem(http.getForEntity("/v1/products?country=US&targetView=Everything", JsonNode.class), 400,
                "invalid-target-view", "610007");
        assertThat(http.getForEntity("/v1/products?targetView=OnlineServices", JsonNode.class).getStatusCode().value()).isEqualTo(400);
        assertThat(http.getForObject("/v1/products?country=US&targetView=OnlineServices&targetSegment=education", JsonNode.class)
                .path("totalCount").asInt()).isZero();
    }

    static void assertProblem(ResponseEntity<JsonNode> answer, int status, String type, String code) {
        assertThat(answer.getStatusCode().value()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().path("type").asText()).endsWith("/" + type);
        assertThat(answer.getBody().path("code").asText()).isEqualTo(code);
        assertThat(answer.getBody().path("description").asText()).isNotBlank();
    }
}
