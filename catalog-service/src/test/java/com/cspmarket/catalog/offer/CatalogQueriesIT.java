package com.cspmarket.catalog.offer;

import com.cspmarket.catalog.ServiceIT;
import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.Topics;
import com.cspmarket.events.catalog.SkuPriceChanged;
import com.cspmarket.kit.MovableClock;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.local.TopicRecorder;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import com.cspmarket.local.RepeatableTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The catalog's read side and maintenance, over HTTP, against real PostgreSQL and Kafka. */
class CatalogQueriesIT extends ServiceIT {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovableClock clock;

    String run;
    String analytics;
    String firewall;
    String direct;
    LocalDate published;

    static String offer(String id, String name, String type, boolean csp, String kind, String categories,
                        String countries, String prices) {
        return """
                {"offerId":"%s","name":"%s","description":"Plans for teams",
                 "publisher":{"publisherId":"pub","name":"Lamna Healthcare","supportEmail":"help@lamna.example","kind":"%s"},
                 "offerType":"%s","offeredToCspPartners":%s,"categories":%s,"countries":%s,
                 "skus":[{"skuId":"pro","name":"Pro","term":"P1M","billingCycle":"MONTHLY","minQuantity":1,"maxQuantity":100,
                          "prices":%s}]}
                """.formatted(id, name, kind, type, csp, categories, countries, prices);
    }

    ResponseEntity<JsonNode> send(HttpMethod method, String path, String json, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        return http.exchange(path, method, new HttpEntity<>(json, headers), JsonNode.class);
    }

    JsonNode get(String path) {
        ResponseEntity<JsonNode> response = http.getForEntity(path, JsonNode.class);
        assertThat(response.getStatusCode()).as(path + " " + response.getBody()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    @BeforeEach
    void publishOffers() {
        // 09:00 UTC tomorrow (business time): no midnight between the dates the test computes and the service's
        clock.moveTo(LocalDate.now(clock).plusDays(1).atTime(9, 0).toInstant(java.time.ZoneOffset.UTC));
        published = today(); // a new offer's prices start on its publication day: never back-dated
        run = "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        analytics = "lamna.analytics-" + run;
        firewall = "lamna.firewall-" + run;
        direct = "lamna.direct-" + run;
        assertThat(send(HttpMethod.POST, "/v1/offers", offer(analytics, "Lamna Analytics " + run, "SAAS", true, "THIRD_PARTY",
                "[\"Analytics\",\"Security\"]", "[\"US\",\"DE\"]",
                "[{\"market\":\"US\",\"unitPrice\":\"10.00\",\"currency\":\"USD\",\"effectiveFrom\":\"" + published + "\"},"
                        + "{\"market\":\"DE\",\"unitPrice\":\"9.00\",\"currency\":\"EUR\",\"effectiveFrom\":\"" + published + "\"}]"), null)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(send(HttpMethod.POST, "/v1/offers", offer(firewall, "Lamna Firewall " + run, "VIRTUAL_MACHINE", true, "THIRD_PARTY",
                "[\"Security\"]", "[\"US\"]",
                "[{\"market\":\"US\",\"unitPrice\":\"1.00\",\"currency\":\"USD\",\"effectiveFrom\":\"" + published + "\"}]"), null)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(send(HttpMethod.POST, "/v1/offers", offer(direct, "Lamna Direct " + run, "SAAS", false, "FIRST_PARTY",
                "[\"Analytics\"]", "[\"GB\"]",
                "[{\"market\":\"GB\",\"unitPrice\":\"5.00\",\"currency\":\"GBP\",\"effectiveFrom\":\"" + published + "\"}]"), null)
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                get("/v1/offers?q=" + run + "&includeWithdrawn=true").path("totalCount").asInt() == 3);
    }

    List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(i -> ids.add(i.path("offerId").asText()));
        return ids;
    }

    @RepeatableTest
    void searchesByKeywordFiltersPagesAndSorts() {
        assertThat(ids(get("/v1/offers?q=" + run))).containsExactly(analytics, direct, firewall);
        assertThat(ids(get("/v1/offers?q=lamna firew " + run))).containsExactly(firewall);
        assertThat(ids(get("/v1/offers?q=analytics " + run))).containsExactly(analytics, direct); // name or category
        assertThat(ids(get("/v1/offers?q=" + run + "&type=SAAS"))).containsExactly(analytics, direct);
        assertThat(ids(get("/v1/offers?q=" + run + "&category=Security"))).containsExactly(analytics, firewall);
        assertThat(ids(get("/v1/offers?q=" + run + "&publisherKind=FIRST_PARTY"))).containsExactly(direct);
        assertThat(ids(get("/v1/offers?q=" + run + "&country=DE"))).containsExactly(analytics);
        assertThat(ids(get("/v1/offers?q=" + run + "&sort=-name"))).containsExactly(firewall, direct, analytics);
        JsonNode secondPage = get("/v1/offers?q=" + run + "&size=1&page=1");
        assertThat(secondPage.path("totalCount").asInt()).isEqualTo(3);
        assertThat(ids(secondPage)).containsExactly(direct);
        assertThat(ids(get("/v1/offers?q=" + run + "&sort=relevance&type=SAAS&category=Analytics&country=US")))
                .containsExactly(analytics);
    }

    @Autowired
    com.cspmarket.catalog.offer.query.OfferReadModel readModel;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    /**
     * A search's plan fits its values: "SaaS in US" matches nearly every offer, a keyword a few. PgJDBC prepares a
     * statement on the server from its fifth execution on a pooled connection and PostgreSQL may then plan it once
     * for any values (a generic plan), which at 100,000 offers made the common searches 5-20 times slower
     * (bench/catalog-search). Read from pg_prepared_statements of the connection the searches ran on.
     */
    @RepeatableTest
    void aRepeatedSearchIsPlannedForItsValuesNeverGenerically() {
        List<com.cspmarket.catalog.offer.query.OfferSearch> searches = List.of(
                new com.cspmarket.catalog.offer.query.OfferSearch(null, com.cspmarket.catalog.offer.api.OfferType.SAAS,
                        null, null, "US", false, com.cspmarket.catalog.offer.query.OfferSearch.Sort.NAME, 0, 50),
                new com.cspmarket.catalog.offer.query.OfferSearch(null, com.cspmarket.catalog.offer.api.OfferType.SAAS,
                        null, null, "GB", false, com.cspmarket.catalog.offer.query.OfferSearch.Sort.NAME, 0, 50));
        List<Long> plans = transactions.execute(status -> { // one connection for the searches and the check
            for (int i = 0; i < 20; i++) {
                assertThat(readModel.searchInDatabase(searches.get(i % 2)).totalCount()).isPositive();
            }
            return jdbc.sql("""
                            SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)
                            FROM pg_prepared_statements WHERE statement LIKE '%FROM offer_view o%'""")
                    .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single();
        });
        assertThat(plans.get(0)).as("generic plans").isZero();
        assertThat(plans.get(1)).as("custom plans of server-prepared searches").isPositive();
    }

    @RepeatableTest
    void facetsCountTheShelfsCategoriesAndCountriesWithoutWithdrawnOffers() {
        String category = "Facet " + run;
        String one = "lamna.facet-" + run;
        String two = "lamna.facet2-" + run;
        for (String id : List.of(one, two)) {
            assertThat(send(HttpMethod.POST, "/v1/offers", offer(id, "Lamna Facet " + id, "SAAS", true, "THIRD_PARTY",
                    "[\"" + category + "\"]", "[\"NZ\"]",
                    "[{\"market\":\"NZ\",\"unitPrice\":\"2.00\",\"currency\":\"NZD\",\"effectiveFrom\":\"" + published + "\"}]"), null)
                    .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(get("/v1/offers/facets").path("categories"), category) == 2);
        JsonNode facets = get("/v1/offers/facets");
        assertThat(count(facets.path("categories"), "Security")).isGreaterThanOrEqualTo(2); // analytics and firewall
        assertThat(count(facets.path("countries"), "NZ")).isGreaterThanOrEqualTo(2);
        assertThat(send(HttpMethod.POST, "/v1/offers/" + two + "/withdrawal", "{\"reason\":\"facet test\"}", null)
                .getStatusCode().is2xxSuccessful()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(get("/v1/offers/facets").path("categories"), category) == 1);
        // "facets" is the facets' path, never an offer's id
        ResponseEntity<JsonNode> refused = send(HttpMethod.POST, "/v1/offers", offer("facets", "Shadowed", "SAAS", true,
                "THIRD_PARTY", "[]", "[\"US\"]",
                "[{\"market\":\"US\",\"unitPrice\":\"1.00\",\"currency\":\"USD\",\"effectiveFrom\":\"" + published + "\"}]"), null);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    static long count(JsonNode facets, String value) {
        for (JsonNode facet : facets) {
            if (facet.path("value").asText().equals(value)) {
                return facet.path("offers").asLong();
            }
        }
        return 0;
    }

    @RepeatableTest
    void badSearchInputIsAProblem() {
        for (String query : List.of("sort=bogus", "country=XX", "page=-1", "size=0", "size=501", "type=FOO",
                "q=!!!", "publisherKind=nobody")) {
            ResponseEntity<JsonNode> response = http.getForEntity("/v1/offers?" + query, JsonNode.class);
            assertThat(response.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getHeaders().getContentType()).as(query).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(http.getForEntity("/v1/offers/" + analytics + "/eligibility?country=ZZ", JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(http.getForEntity("/v1/offers/nope-" + run + "/eligibility?country=US", JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @RepeatableTest
    void eligibilityExplainsEveryFailingRule() {
        assertThat(get("/v1/offers/" + analytics + "/eligibility?country=US").path("eligible").asBoolean()).isTrue();
        JsonNode japan = get("/v1/offers/" + analytics + "/eligibility?country=JP");
        assertThat(japan.path("eligible").asBoolean()).isFalse();
        assertThat(japan.path("failedRules").findValuesAsText("rule")).containsExactly("COUNTRY_NOT_SUPPORTED", "NO_PRICE_IN_MARKET");
        assertThat(japan.path("failedRules").get(0).path("explanation").asText()).contains("JP").contains("US, DE");
        assertThat(get("/v1/offers/" + firewall + "/eligibility?country=US").path("failedRules").findValuesAsText("rule"))
                .containsExactly("NOT_SAAS");
        assertThat(get("/v1/offers/" + direct + "/eligibility?country=GB").path("failedRules").findValuesAsText("rule"))
                .containsExactly("NOT_OFFERED_TO_CSP_PARTNERS");
        JsonNode availabilities = get("/v1/offers/" + analytics + "/availabilities?country=DE");
        assertThat(availabilities.path("items").get(0).path("currency").asText()).isEqualTo("EUR");
        assertThat(availabilities.path("items").get(0).path("unitPrice").decimalValue()).isEqualByComparingTo("9.00");
        assertThat(get("/v1/offers/" + analytics + "/availabilities?country=FR").path("totalCount").asInt()).isZero();
    }

    @RepeatableTest
    void pricesChangeFromADateKeepTheirHistoryAndShowInTheDiff() {
        LocalDate today = today();
        try (TopicRecorder kafka = new TopicRecorder(SharedInfrastructure.get().kafka().bootstrapServers(), Topics.CATALOG_OFFERS)) {
            ResponseEntity<JsonNode> changed = send(HttpMethod.POST, "/v1/offers/" + analytics + "/skus/pro/prices",
                    "{\"market\":\"US\",\"unitPrice\":\"12.00\",\"currency\":\"USD\",\"effectiveFrom\":\"" + today.plusDays(10) + "\"}", null);
            assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.CREATED);

            long events = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
            ResponseEntity<JsonNode> retroactive = send(HttpMethod.POST, "/v1/offers/" + analytics + "/skus/pro/prices",
                    "{\"market\":\"US\",\"unitPrice\":\"1.00\",\"currency\":\"USD\",\"effectiveFrom\":\"" + today.minusDays(1) + "\"}", null);
            assertThat(retroactive.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(retroactive.getBody().path("type").asText()).endsWith("/price-in-the-past");
            assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single()).isEqualTo(events);

            String prices = "/v1/offers/" + analytics + "/skus/pro/prices?market=US";
            await().atMost(Duration.ofSeconds(30)).until(() -> get(prices).path("totalCount").asInt() == 2);
            assertThat(get(prices + "&asOf=" + today).path("unitPrice").decimalValue()).isEqualByComparingTo("10.00");
            assertThat(get(prices + "&asOf=" + today.plusDays(10)).path("unitPrice").decimalValue()).isEqualByComparingTo("12.00");
            assertThat(http.getForEntity(prices + "&asOf=2019-12-31", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

            JsonNode diff = get("/v1/price-changes?since=" + today + "&until=" + today.plusDays(10) + "&market=US");
            JsonNode change = null;
            for (JsonNode item : diff.path("items")) {
                if (item.path("offerId").asText().equals(analytics)) {
                    change = item;
                }
            }
            assertThat(change).isNotNull();
            assertThat(change.path("oldUnitPrice").decimalValue()).isEqualByComparingTo("10.00");
            assertThat(change.path("newUnitPrice").decimalValue()).isEqualByComparingTo("12.00");
            assertThat(get("/v1/price-changes?since=" + today + "&market=US").path("items").findValuesAsText("offerId"))
                    .doesNotContain(analytics);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kafka.eventsOf(analytics).stream()
                    .map(EventEnvelope::payload)
                    .filter(SkuPriceChanged.class::isInstance))
                    .singleElement()
                    .satisfies(e -> assertThat(((SkuPriceChanged) e).unitPrice().amount()).isEqualByComparingTo("12.00")));
        }
    }

    @RepeatableTest
    void updatesHonourIfMatchAndAWithdrawnOfferLeavesTheShelf() {
        String etag = http.getForEntity("/v1/offers/" + analytics, JsonNode.class).getHeaders().getETag();
        assertThat(etag).isEqualTo("\"0\"");
        assertThat(send(HttpMethod.PUT, "/v1/offers/" + analytics + "/availability", "{\"countries\":[\"US\",\"FR\"]}", "\"7\"")
                .getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
        assertThat(send(HttpMethod.PUT, "/v1/offers/" + analytics + "/availability", "{\"countries\":[\"US\",\"XX\"]}", etag)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(send(HttpMethod.PUT, "/v1/offers/" + analytics + "/availability", "{\"countries\":[\"US\",\"FR\"]}", etag)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/offers/" + analytics).path("countries").toString()
                .equals("[\"US\",\"FR\"]"));

        assertThat(send(HttpMethod.POST, "/v1/offers/" + analytics + "/withdrawal", "{\"reason\":\"end of life\"}", null)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        await().atMost(Duration.ofSeconds(30)).until(() -> !ids(get("/v1/offers?q=" + run)).contains(analytics));
        assertThat(ids(get("/v1/offers?q=" + run + "&includeWithdrawn=true"))).contains(analytics);
        assertThat(get("/v1/offers/" + analytics + "/eligibility?country=US").path("failedRules").findValuesAsText("rule"))
                .containsExactly("WITHDRAWN");
        ResponseEntity<JsonNode> reprice = send(HttpMethod.POST, "/v1/offers/" + analytics + "/skus/pro/prices",
                "{\"market\":\"US\",\"unitPrice\":\"1.00\",\"currency\":\"USD\",\"effectiveFrom\":\"" + today() + "\"}", null);
        assertThat(reprice.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reprice.getBody().path("type").asText()).endsWith("/offer-withdrawn");
    }

    @RepeatableTest
    void exportsThePriceListAsCsvAndXlsx() throws Exception {
        String csv = new String(http.getForObject("/v1/price-list?format=csv&market=US", byte[].class), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("OfferId,OfferName,Publisher,SkuId,SkuName,TermDuration,BillingCycle,Market,Currency,UnitPrice,EffectiveFrom");
        assertThat(lines).contains(analytics + ",Lamna Analytics " + run + ",Lamna Healthcare,pro,Pro,P1M,MONTHLY,US,USD,10.00," + published);
        assertThat(lines).noneMatch(l -> l.startsWith(firewall + ",") || l.startsWith(direct + ","));
        assertThat(lines).allMatch(l -> l.startsWith("OfferId") || l.contains(",US,"));

        ResponseEntity<byte[]> xlsx = http.getForEntity("/v1/price-list?format=xlsx", byte[].class);
        assertThat(xlsx.getHeaders().getContentType().toString()).startsWith("application/vnd.openxmlformats");
        assertThat(xlsx.getHeaders().getContentDisposition().getFilename()).startsWith("price-list-").endsWith(".xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.getBody()))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("OfferId");
            List<String> rows = new ArrayList<>();
            for (Row row : sheet) {
                if (row.getRowNum() > 0 && row.getCell(0).getStringCellValue().equals(analytics)) {
                    rows.add(row.getCell(7).getStringCellValue() + "=" + BigDecimal.valueOf(row.getCell(9).getNumericCellValue())
                            .setScale(2) + " " + row.getCell(8).getStringCellValue());
                }
            }
            assertThat(rows).containsExactlyInAnyOrder("US=10.00 USD", "DE=9.00 EUR");
        }
        assertThat(http.getForEntity("/v1/price-list?format=pdf", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(http.getForEntity("/v1/price-list?market=XX", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }
}
