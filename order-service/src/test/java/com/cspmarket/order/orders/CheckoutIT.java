package com.cspmarket.order.orders;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.Money;
import com.cspmarket.events.Topics;
import com.cspmarket.events.catalog.OfferAvailabilityChanged;
import com.cspmarket.events.catalog.OfferPublished;
import com.cspmarket.events.catalog.OfferWithdrawn;
import com.cspmarket.events.catalog.SkuPriceChanged;
import com.cspmarket.events.order.OrderPlaced;
import com.cspmarket.events.subscription.SubscriptionPurchaseRejected;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.local.ProjectionRebuildContract;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.local.TopicRecorder;
import com.cspmarket.local.TopicWriter;
import com.cspmarket.order.ServiceIT;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
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

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Checkout against order-service's own catalog read model, fed by real catalog events on Kafka. */
class CheckoutIT extends ServiceIT implements ProjectionRebuildContract {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String SAAS = "contoso.crm-" + RUN;
    static final String VM = "fabrikam.vm-" + RUN;
    static final String NOT_CSP = "woodgrove.direct-" + RUN;
    static final String EVENT_OF_SAAS = UUID.randomUUID().toString();

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    static OfferPublished offer(String id, String type, boolean csp, String price) {
        return new OfferPublished(id, "Offer " + id, new OfferPublished.Publisher("p", "Publisher " + id, "s@p.example"),
                type, csp, List.of("US", "DE"),
                List.of(new OfferPublished.Sku("std", "Standard", "P1M", "MONTHLY", 1, 10,
                        List.of(new OfferPublished.Price("US", new Money(new BigDecimal(price), "USD"), LocalDate.of(2020, 1, 1)),
                                new OfferPublished.Price("US", new Money(new BigDecimal("99.00"), "USD"), LocalDate.of(2999, 1, 1))))));
    }

    static byte[] envelope(String eventId, OfferPublished offer) {
        return EventCodec.encode(EventEnvelope.of(UUID.fromString(eventId), Instant.parse("2026-01-01T00:00:00Z"),
                null, null, offer));
    }

    @BeforeAll
    static void publishCatalog() {
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            byte[] saas = envelope(EVENT_OF_SAAS, offer(SAAS, "SAAS", true, "12.50"));
            kafka.send(Topics.CATALOG_OFFERS, SAAS, saas);
            kafka.send(Topics.CATALOG_OFFERS, SAAS, saas); // a redelivery changes nothing
            kafka.send(Topics.CATALOG_OFFERS, VM, envelope(UUID.randomUUID().toString(), offer(VM, "VIRTUAL_MACHINE", true, "1.00")));
            kafka.send(Topics.CATALOG_OFFERS, NOT_CSP, envelope(UUID.randomUUID().toString(), offer(NOT_CSP, "SAAS", false, "1.00")));
        }
    }

    ResponseEntity<JsonNode> post(String path, String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(json, headers), JsonNode.class);
    }

    String customer(String country) {
        return post("/v1/customers", customerJson("partner-" + RUN, country)).getBody().path("id").asText();
    }

    /** Partner Center's create-customer request (PascalCase, as the .NET SDK sends it, is accepted too). */
    static String customerJson(String partnerId, String country) {
        return """
                {"associatedPartnerId":"%s","companyProfile":{"domain":"adatum-%s.onmicrosoft.com"},
                 "billingProfile":{"email":"ap@adatum.example","culture":"en-US","language":"en","companyName":"Adatum",
                  "defaultAddress":{"country":"%s","city":"Redmond","state":"WA","addressLine1":"1 Main St",
                   "postalCode":"98052","firstName":"Ada","lastName":"Tum"}}}""".formatted(partnerId, RUN, country);
    }

    String cart(String customerId, String linesJson) {
        ResponseEntity<JsonNode> cart = post("/v1/customers/" + customerId + "/carts", "{\"lineItems\":" + linesJson + "}");
        assertThat(cart.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return cart.getBody().path("id").asText();
    }

    void awaitCatalog() {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM catalog_offer WHERE offer_id IN (:ids)")
                .param("ids", List.of(SAAS, VM, NOT_CSP)).query(Integer.class).single() == 3);
    }

    long orderEvents() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%OrderPlaced'").query(Long.class).single();
    }

    @RepeatableTest
    void checkoutPlacesAnOrderAtTodaysPriceAndPublishesItOnce() {
        awaitCatalog();
        String customerId = customer("US");
        String cartId = cart(customerId, "[{\"catalogItemId\":\"" + SAAS + ":std:US\",\"quantity\":4}]");
        try (TopicRecorder orders = new TopicRecorder(SharedInfrastructure.get().kafka().bootstrapServers(), Topics.ORDERS)) {
            ResponseEntity<JsonNode> checkout = post("/v1/customers/" + customerId + "/carts/" + cartId + "/checkout", "");

            assertThat(checkout.getStatusCode()).isEqualTo(HttpStatus.CREATED);
            JsonNode line = checkout.getBody().path("orders").get(0).path("lineItems").get(0);
            assertThat(line.path("pricing").path("listPrice").decimalValue()).isEqualByComparingTo("12.50");
            String orderId = checkout.getBody().path("orders").get(0).path("id").asText();
            // published once: one event id (a copy, delivery being at least once, would keep it)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orders.eventsOf(orderId)).hasSize(1));
            OrderPlaced placed = (OrderPlaced) orders.eventsOf(orderId).get(0).payload();
            assertThat(placed.customerId()).isEqualTo(customerId);
            assertThat(placed.lineItems()).singleElement()
                    .satisfies(l -> assertThat(l.quantity()).isEqualTo(4))
                    .satisfies(l -> assertThat(l.quotedUnitPrice().amount()).isEqualTo(new BigDecimal("12.50")));
            // the order is readable at once: the 201 means it exists (its read model is written with it)
            assertThat(http.getForEntity("/v1/customers/" + customerId + "/orders/" + orderId, JsonNode.class)
                    .getStatusCode()).isEqualTo(HttpStatus.OK);
        }
    }

    @RepeatableTest
    void everyRejectionReasonIsReportedPerLineAndNothingIsPlaced() {
        awaitCatalog();
        String customerId = customer("US");
        String cartId = cart(customerId, """
                [{"catalogItemId":"%s:std:US","quantity":11},
                 {"catalogItemId":"%s:std:US","quantity":1},
                 {"catalogItemId":"%s:std:US","quantity":1},
                 {"catalogItemId":"%s:nope:US","quantity":1},
                 {"catalogItemId":"no-such-offer:std:US","quantity":1},
                 {"catalogItemId":"%s:std:DE","quantity":1}]""".formatted(SAAS, VM, NOT_CSP, SAAS, SAAS));
        long before = orderEvents();

        ResponseEntity<JsonNode> checkout = post("/v1/customers/" + customerId + "/carts/" + cartId + "/checkout", "");

        assertThat(checkout.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(checkout.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(checkout.getBody().path("type").asText()).endsWith("/checkout-rejected");
        assertThat(checkout.getBody().path("lineErrors").findValuesAsText("reason")).containsExactly(
                "QUANTITY_OUT_OF_RANGE", "NOT_SAAS", "NOT_OFFERED_TO_CSP_PARTNERS", "SKU_NOT_FOUND", "OFFER_NOT_FOUND",
                "AVAILABILITY_NOT_IN_CUSTOMER_COUNTRY");
        assertThat(checkout.getBody().path("lineErrors").findValuesAsText("lineNumber")).containsExactly(
                "0", "1", "2", "3", "4", "5");
        assertThat(orderEvents()).isEqualTo(before);
        assertThat(http.getForEntity("/v1/customers/" + customerId + "/carts/" + cartId, JsonNode.class)
                .getBody().path("status").asText()).isEqualTo("Active");
    }

    @RepeatableTest
    void eligibilityForACustomerGivesEveryReasonAndChangesNothing() {
        awaitCatalog();
        String customerId = customer("JP");
        long before = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        JsonNode japan = http.getForObject("/v1/customers/" + customerId + "/eligibility?offerId=" + SAAS
                + "&skuId=std&quantity=50", JsonNode.class);
        assertThat(japan.path("eligible").asBoolean()).isFalse();
        assertThat(japan.path("failedRules").findValuesAsText("reason"))
                .containsExactly("COUNTRY_NOT_SUPPORTED", "QUANTITY_OUT_OF_RANGE", "NO_PRICE_IN_MARKET");
        String usCustomer = customer("US");
        assertThat(http.getForObject("/v1/customers/" + usCustomer + "/eligibility?offerId=" + SAAS + "&skuId=std",
                JsonNode.class).path("eligible").asBoolean()).isTrue();
        assertThat(http.getForEntity("/v1/customers/nobody/eligibility?offerId=" + SAAS + "&skuId=std", JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.getForEntity("/v1/customers/" + usCustomer + "/eligibility?offerId=" + SAAS + "&skuId=std&quantity=0",
                JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single()).isEqualTo(before + 1);
    }

    @RepeatableTest
    void aCustomerBilledWhereTheOfferIsNotSoldCannotBuyIt() {
        awaitCatalog();
        String customerId = customer("JP");
        String cartId = cart(customerId, "[{\"catalogItemId\":\"" + SAAS + ":std:JP\",\"quantity\":1}]");

        ResponseEntity<JsonNode> checkout = post("/v1/customers/" + customerId + "/carts/" + cartId + "/checkout", "");

        assertThat(checkout.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(checkout.getBody().path("lineErrors").findValuesAsText("reason"))
                .containsExactly("COUNTRY_NOT_SUPPORTED", "NO_PRICE_IN_MARKET");
    }

    @RepeatableTest
    void aRedeliveredCatalogEventIsProcessedOnce() {
        awaitCatalog();
        assertThat(jdbc.sql("SELECT count(*) FROM inbox WHERE event_id = :id").param("id", UUID.fromString(EVENT_OF_SAAS))
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM catalog_price WHERE offer_id = :id").param("id", SAAS)
                .query(Integer.class).single()).isEqualTo(2);
    }

    @RepeatableTest
    void badInputIsAProblemAndChangesNothing() {
        long before = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        assertThat(post("/v1/customers", customerJson("p", "usa"))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post("/v1/customers", customerJson("p", "QQ"))
                .getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(post("/v1/customers/unknown-customer/carts", "{\"lineItems\":[{\"catalogItemId\":\"a:b:US\",\"quantity\":1}]}")
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        String customerId = customer("US");
        long afterCustomer = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        assertThat(afterCustomer).isEqualTo(before + 1);
        assertThat(post("/v1/customers/" + customerId + "/carts", "{\"lineItems\":[]}").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post("/v1/customers/" + customerId + "/carts", "{\"lineItems\":[{\"catalogItemId\":\"a:b:US\",\"quantity\":0}]}")
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        for (String catalogItemId : List.of("a:b", "a:b:USA", "a::US", ":b:US", "a:b:US:x", "a b:c:US")) {
            assertThat(post("/v1/customers/" + customerId + "/carts", "{\"lineItems\":[{\"catalogItemId\":\""
                    + catalogItemId + "\",\"quantity\":1}]}").getStatusCode()).as(catalogItemId).isEqualTo(HttpStatus.BAD_REQUEST);
        }
        assertThat(post("/v1/customers/" + customerId + "/carts", "{\"lineItems\":[{\"catalogItemId\":\"a:b:US\","
                + "\"quantity\":1,\"billingCycle\":\"weekly\"}]}").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post("/v1/customers/" + customerId + "/carts/no-such-cart/checkout", "").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single()).isEqualTo(afterCustomer);
    }

    @RepeatableTest
    void checkoutFollowsPriceChangesAvailabilityAndWithdrawal() {
        String repriced = "tailwind.repriced-" + RUN;
        String moved = "tailwind.moved-" + RUN;
        String withdrawn = "tailwind.withdrawn-" + RUN;
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            for (String id : List.of(repriced, moved, withdrawn)) {
                kafka.send(Topics.CATALOG_OFFERS, id, envelope(UUID.randomUUID().toString(), offer(id, "SAAS", true, "5.00")));
            }
            kafka.send(Topics.CATALOG_OFFERS, repriced, EventCodec.encode(EventEnvelope.of(UUID.randomUUID(),
                    Instant.parse("2026-01-02T00:00:00Z"), null, null, new SkuPriceChanged(repriced, "std", "US",
                            new Money(new BigDecimal("7.25"), "USD"), LocalDate.of(2021, 1, 1)))));
            kafka.send(Topics.CATALOG_OFFERS, moved, EventCodec.encode(EventEnvelope.of(UUID.randomUUID(),
                    Instant.parse("2026-01-02T00:00:00Z"), null, null, new OfferAvailabilityChanged(moved, List.of("DE")))));
            kafka.send(Topics.CATALOG_OFFERS, withdrawn, EventCodec.encode(EventEnvelope.of(UUID.randomUUID(),
                    Instant.parse("2026-01-02T00:00:00Z"), null, null, new OfferWithdrawn(withdrawn, "end of life"))));
        }
        // three offers, three Kafka keys: each change may arrive before or after the others', so wait for all three
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT (SELECT count(*) FROM catalog_offer WHERE offer_id = :w AND withdrawn)
                             + (SELECT count(*) FROM catalog_offer WHERE offer_id = :m AND countries = ARRAY['DE']::varchar(2)[])
                             + (SELECT count(*) FROM catalog_price WHERE offer_id = :r AND unit_price = 7.25)""")
                .param("w", withdrawn).param("m", moved).param("r", repriced)
                .query(Integer.class).single() == 3);
        String customerId = customer("US");

        String cartId = cart(customerId, "[{\"catalogItemId\":\"" + repriced + ":std:US\",\"quantity\":2}]");
        ResponseEntity<JsonNode> checkout = post("/v1/customers/" + customerId + "/carts/" + cartId + "/checkout", "");
        assertThat(checkout.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(checkout.getBody().path("orders").get(0).path("lineItems").get(0).path("pricing")
                .path("listPrice").decimalValue()).isEqualByComparingTo("7.25");

        String rejected = cart(customerId, """
                [{"catalogItemId":"%s:std:US","quantity":1},{"catalogItemId":"%s:std:US","quantity":1}]"""
                .formatted(moved, withdrawn));
        ResponseEntity<JsonNode> refused = post("/v1/customers/" + customerId + "/carts/" + rejected + "/checkout", "");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refused.getBody().path("lineErrors").findValuesAsText("reason"))
                .containsExactly("COUNTRY_NOT_SUPPORTED", "OFFER_WITHDRAWN");
    }

    ResponseEntity<JsonNode> checkout(String customerId, String cartId, String requestId) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("MS-RequestId", requestId);
        return http.exchange("/v1/customers/" + customerId + "/carts/" + cartId + "/checkout", HttpMethod.POST,
                new HttpEntity<>("", headers), JsonNode.class);
    }

    @RepeatableTest
    void aRetriedCheckoutWithTheSameRequestIdReturnsTheSameOrderAndCreatesNothing() {
        awaitCatalog();
        String customerId = customer("US");
        String cartId = cart(customerId, "[{\"catalogItemId\":\"" + SAAS + ":std:US\",\"quantity\":1}]");
        String requestId = UUID.randomUUID().toString();

        ResponseEntity<JsonNode> first = checkout(customerId, cartId, requestId);
        long events = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        ResponseEntity<JsonNode> retry = checkout(customerId, cartId, requestId);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getBody().path("orders").get(0).path("id").asText())
                .isEqualTo(first.getBody().path("orders").get(0).path("id").asText());
        assertThat(retry.getBody().path("orders").get(0).path("lineItems"))
                .isEqualTo(first.getBody().path("orders").get(0).path("lineItems"));
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single()).isEqualTo(events);
        ResponseEntity<JsonNode> other = checkout(customerId, cartId, UUID.randomUUID().toString());
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(other.getBody().path("type").asText()).endsWith("/cart-already-checked-out");
    }

    @RepeatableTest
    void aCartChangedWhileItIsCheckedOutIsAConflictAndPlacesNothing() {
        awaitCatalog();
        String customerId = customer("US");
        String cartId = cart(customerId, "[{\"catalogItemId\":\"" + SAAS + ":std:US\",\"quantity\":1}]");
        String path = "/v1/customers/" + customerId + "/carts/" + cartId;
        String before = jdbc.sql("SELECT document::text FROM cart_view WHERE cart_id = :id").param("id", cartId)
                .query(String.class).single();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.exchange(path, HttpMethod.PUT, new HttpEntity<>("{\"lineItems\":[{\"catalogItemId\":\""
                + SAAS + ":std:US\",\"quantity\":7}]}", headers), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        // the checkout reads the cart as it was before that change, as one that read it just before the change committed
        jdbc.sql("UPDATE cart_view SET document = CAST(:doc AS jsonb), version = 0 WHERE cart_id = :id")
                .param("doc", before).param("id", cartId).update();
        long orders = orderEvents();

        ResponseEntity<JsonNode> checkout = post(path + "/checkout", "");

        assertThat(checkout.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(checkout.getBody().path("type").asText()).endsWith("/cart-changed");
        assertThat(orderEvents()).as("no order priced from lines the cart no longer has").isEqualTo(orders);
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id "
                + "AND payload_type LIKE '%CartCheckedOut'").param("id", cartId).query(Long.class).single()).isZero();
    }

    @RepeatableTest
    void aCartIsUpdatedWithIfMatchAndTermsAreChecked() {
        awaitCatalog();
        String customerId = customer("US");
        String cartId = cart(customerId, "[{\"catalogItemId\":\"" + SAAS + ":std:US\",\"quantity\":1}]");
        String path = "/v1/customers/" + customerId + "/carts/" + cartId;
        String etag = http.getForEntity(path, JsonNode.class).getHeaders().getETag();
        String lines = "{\"lineItems\":[{\"catalogItemId\":\"" + SAAS + ":std:US\",\"quantity\":2,"
                + "\"termDuration\":\"P1Y\",\"billingCycle\":\"annual\"}]}";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setIfMatch("\"41\"");
        assertThat(http.exchange(path, HttpMethod.PUT, new HttpEntity<>(lines, headers), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.PRECONDITION_FAILED);
        headers.setIfMatch(etag);
        ResponseEntity<JsonNode> updated = http.exchange(path, HttpMethod.PUT, new HttpEntity<>(lines, headers), JsonNode.class);
        assertThat(updated.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(updated.getBody().path("lineItems").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(updated.getHeaders().getETag()).isNotEqualTo(etag);

        ResponseEntity<JsonNode> refused = post(path + "/checkout", "");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refused.getBody().path("lineErrors").findValuesAsText("reason"))
                .containsExactly("TERM_NOT_SUPPORTED", "BILLING_CYCLE_NOT_SUPPORTED");
    }

    @RepeatableTest
    void subscriptionsReportedOnKafkaFulfilTheOrderLinesOnce() {
        awaitCatalog();
        String customerId = customer("US");
        String cartId = cart(customerId, "[{\"catalogItemId\":\"" + SAAS + ":std:US\",\"quantity\":1},"
                + "{\"catalogItemId\":\"" + SAAS + ":std:US\",\"quantity\":2}]");
        HttpHeaders correlated = new HttpHeaders();
        correlated.set("MS-CorrelationId", "checkout-" + cartId);
        String orderId = http.exchange("/v1/customers/" + customerId + "/carts/" + cartId + "/checkout", HttpMethod.POST,
                new HttpEntity<>("", correlated), JsonNode.class).getBody().path("orders").get(0).path("id").asText();
        SubscriptionPurchased first = new SubscriptionPurchased("sub-" + orderId, orderId, 0, "partner-" + RUN, customerId,
                SAAS, "Offer", "Publisher", "std", 1, "P1M", "MONTHLY", new Money(new BigDecimal("12.50"), "USD"),
                Instant.now(), Instant.now(), Instant.now(), "https://activate.example/" + orderId);
        UUID fulfilledId = UUID.randomUUID();
        byte[] fulfilled = EventCodec.encode(EventEnvelope.of(fulfilledId, Instant.now(), null, null, first));
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            kafka.send(Topics.SUBSCRIPTIONS, first.subscriptionId(), fulfilled);
            kafka.send(Topics.SUBSCRIPTIONS, first.subscriptionId(), fulfilled);
            kafka.send(Topics.SUBSCRIPTIONS, "sub-2-" + orderId, EventCodec.encode(EventEnvelope.of(UUID.randomUUID(),
                    Instant.now(), null, null, new SubscriptionPurchaseRejected("sub-2-" + orderId, orderId, 1,
                            "partner-" + RUN, customerId, "INVALID_QUANTITY", "quantity must be at least 1"))));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode order = http.getForObject("/v1/customers/" + customerId + "/orders/" + orderId, JsonNode.class);
            assertThat(order.path("status").asText()).isEqualTo("completed");
            assertThat(order.path("lineItems").get(0).path("subscriptionId").asText()).isEqualTo("sub-" + orderId);
            JsonNode status = http.getForObject("/v1/customers/" + customerId + "/orders/" + orderId + "/provisioningstatus",
                    JsonNode.class).path("items");
            assertThat(status.get(0).path("status").asText()).isEqualTo("fulfilled");
            assertThat(status.get(1).path("status").asText()).isEqualTo("unfulfilled");
            assertThat(status.get(1).path("error").path("errorCode").asText()).isEqualTo("INVALID_QUANTITY");
            JsonNode links = http.getForObject("/v1/customers/" + customerId + "/orders/" + orderId
                    + "/lineitems/0/activationlinks", JsonNode.class);
            assertThat(links.path("items").get(0).path("link").path("uri").asText()).isEqualTo("https://activate.example/" + orderId);
            assertThat(http.getForObject("/v1/customers/" + customerId + "/orders/" + orderId
                    + "/lineitems/1/activationlinks", JsonNode.class).path("totalCount").asInt()).isZero();
        });
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :o")
                .param("o", orderId).query(Long.class).single()).isEqualTo(4); // placed, fulfilled, failed, completed

        // the audit trail says which request placed the order and which integration event fulfilled each line; the
        // two lines' outcomes come from two subscriptions (two Kafka keys, two partitions), so either may be first
        JsonNode trail = http.getForObject("/admin/audit/" + orderId, JsonNode.class);
        List<String> types = trail.path("items").findValuesAsText("type");
        assertThat(types).hasSize(4).startsWith("OrderPlaced").endsWith("OrderCompleted");
        assertThat(types.subList(1, 3)).containsExactlyInAnyOrder("OrderLineFulfilled", "OrderLineFailed");
        JsonNode placed = trail.path("items").get(0);
        assertThat(placed.path("correlationId").asText()).isEqualTo("checkout-" + cartId);
        assertThat(placed.path("request").asText()).isEqualTo("POST /v1/customers/" + customerId + "/carts/" + cartId + "/checkout");
        JsonNode lineFulfilled = trail.path("items").get(types.indexOf("OrderLineFulfilled"));
        assertThat(lineFulfilled.path("sourceEventId").asText()).isEqualTo(fulfilledId.toString());
        JsonNode cartTrail = http.getForObject("/admin/audit/" + cartId, JsonNode.class);
        assertThat(cartTrail.path("items").findValuesAsText("type")).containsExactly("CartCreated", "CartCheckedOut");
        assertThat(cartTrail.path("items").get(1).path("correlationId").asText()).isEqualTo("checkout-" + cartId);
        assertThat(cartTrail.path("items").get(0).path("request").asText()).isEqualTo("POST /v1/customers/" + customerId + "/carts");
    }

    /** A customer, a cart updated and checked out, an order with a line fulfilled and a line failed. */
    @Override
    public void recordHistory() {
        aCartIsUpdatedWithIfMatchAndTermsAreChecked();
        subscriptionsReportedOnKafkaFulfilTheOrderLinesOnce();
    }

    @Override
    public List<String> expectedProjections() {
        return List.of("customer-projection", "cart-projection", "order-projection");
    }
}
