package com.cspmarket.order.orders;

import com.cspmarket.local.DevTokens;
import com.cspmarket.order.ServiceIT;
import com.fasterxml.jackson.databind.JsonNode;
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

import java.util.List;
import java.util.UUID;

import static com.cspmarket.local.DevTokens.ADMIN_AGENT;
import static com.cspmarket.local.DevTokens.BILLING_ADMIN;
import static com.cspmarket.local.DevTokens.SALES_AGENT;
import static org.assertj.core.api.Assertions.assertThat;

/** Partner tenant isolation and the role matrix on every customer, cart, order and eligibility endpoint. */
class CustomerAccessIT extends ServiceIT {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    final DevTokens tokens = DevTokens.forTests();
    final String partnerA = "partner-a-" + UUID.randomUUID().toString().substring(0, 8);
    final String partnerB = "partner-b-" + UUID.randomUUID().toString().substring(0, 8);

    record Call(HttpMethod method, String path, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    ResponseEntity<JsonNode> call(Call call, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(HttpHeaders.AUTHORIZATION, token == null ? "" : "Bearer " + token);
        return http.exchange(call.path(), call.method(), new HttpEntity<>(call.body(), headers), JsonNode.class);
    }

    long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }

    /** Every endpoint, each aimed at partner A's customer, cart and order. */
    List<Call> endpointsOf(String customerId, String cartId) {
        String customer = "/v1/customers/" + customerId;
        String lines = "{\"lineItems\":[{\"catalogItemId\":\"contoso.crm:std:US\",\"quantity\":1}]}";
        return List.of(
                new Call(HttpMethod.GET, customer, null),
                new Call(HttpMethod.POST, customer + "/carts", lines),
                new Call(HttpMethod.GET, customer + "/carts/" + cartId, null),
                new Call(HttpMethod.PUT, customer + "/carts/" + cartId, lines),
                new Call(HttpMethod.POST, customer + "/carts/" + cartId + "/checkout", ""),
                new Call(HttpMethod.GET, customer + "/orders", null),
                new Call(HttpMethod.GET, customer + "/orders/no-such-order", null),
                new Call(HttpMethod.GET, customer + "/eligibility?offerId=contoso.crm&skuId=std", null));
    }

    String createCustomer(String token, String body) {
        ResponseEntity<JsonNode> created = call(new Call(HttpMethod.POST, "/v1/customers", body), token);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    @RepeatableTest
    void aPartnerReachesOnlyItsOwnCustomersAndNothingChangesWhenRefused() {
        String agentA = tokens.partnerUser(partnerA, ADMIN_AGENT);
        String agentB = tokens.partnerUser(partnerB, ADMIN_AGENT, SALES_AGENT);
        // a partner user's customer is its partner's; naming it is allowed, naming another is not
        String customerId = createCustomer(agentA, "{\"billingProfile\":{\"companyName\":\"Adatum\",\"defaultAddress\":{\"country\":\"US\"}}}");
        createCustomer(agentA, "{\"associatedPartnerId\":\"" + partnerA + "\",\"billingProfile\":{\"companyName\":\"Fabrikam\",\"defaultAddress\":{\"country\":\"DE\"}}}");
        String cartId = call(new Call(HttpMethod.POST, "/v1/customers/" + customerId + "/carts",
                "{\"lineItems\":[{\"catalogItemId\":\"contoso.crm:std:US\",\"quantity\":1}]}"), agentA).getBody().path("id").asText();
        assertThat(call(new Call(HttpMethod.GET, "/v1/customers/" + customerId, null), agentA).getBody().path("associatedPartnerId").asText())
                .isEqualTo(partnerA);
        long before = storedEvents();

        for (Call c : endpointsOf(customerId, cartId)) {
            ResponseEntity<JsonNode> refused = call(c, agentB);
            assertThat(refused.getStatusCode()).as(c.toString()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(refused.getHeaders().getContentType()).as(c.toString()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(refused.getBody().path("type").asText()).as(c.toString()).endsWith("/customer-not-found");
        }
        ResponseEntity<JsonNode> otherPartner = call(new Call(HttpMethod.GET, "/v1/customers?partnerId=" + partnerA, null), agentB);
        assertThat(otherPartner.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(otherPartner.getBody().path("type").asText()).endsWith("/other-partner");
        assertThat(call(new Call(HttpMethod.POST, "/v1/customers",
                "{\"associatedPartnerId\":\"" + partnerA + "\",\"billingProfile\":{\"companyName\":\"Mallory\",\"defaultAddress\":{\"country\":\"US\"}}}"), agentB)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(call(new Call(HttpMethod.GET, "/v1/customers", null), agentB).getBody().path("totalCount").asInt()).isZero();
        assertThat(storedEvents()).isEqualTo(before);

        // the same requests with partner A's own token pass the guard (what they answer is the business's)
        for (Call c : endpointsOf(customerId, cartId)) {
            assertThat(call(c, agentA).getStatusCode().value()).as(c.toString()).isNotIn(401, 403)
                    .satisfiesAnyOf(s -> assertThat(s).isLessThan(400),
                            s -> assertThat(c.path()).contains("no-such-order"),
                            s -> assertThat(s).isEqualTo(422)); // the checkout of an offer this test never published
        }
        JsonNode own = call(new Call(HttpMethod.GET, "/v1/customers", null), agentA).getBody();
        assertThat(own.path("totalCount").asInt()).isEqualTo(2);
        assertThat(own.path("items").findValuesAsText("associatedPartnerId")).containsOnly(partnerA);

        // who did it is on the record
        JsonNode trail = http.getForObject("/admin/audit/" + customerId, JsonNode.class);
        assertThat(trail.path("items").get(0).path("actor").asText()).isEqualTo("user@" + partnerA);
        assertThat(trail.path("items").get(0).path("actorPartnerId").asText()).isEqualTo(partnerA);
    }

    @RepeatableTest
    void adminAndSalesAgentsPlaceOrdersBillingAdminsDoNot() {
        String customerId = createCustomer(tokens.partnerUser(partnerA, SALES_AGENT),
                "{\"billingProfile\":{\"companyName\":\"Contoso\",\"defaultAddress\":{\"country\":\"US\"}}}");
        String cartId = call(new Call(HttpMethod.POST, "/v1/customers/" + customerId + "/carts",
                "{\"lineItems\":[{\"catalogItemId\":\"contoso.crm:std:US\",\"quantity\":1}]}"),
                tokens.partnerUser(partnerA, SALES_AGENT)).getBody().path("id").asText();
        List<Call> endpoints = new java.util.ArrayList<>(endpointsOf(customerId, cartId));
        endpoints.add(new Call(HttpMethod.GET, "/v1/customers", null));
        endpoints.add(new Call(HttpMethod.POST, "/v1/customers", "{\"billingProfile\":{\"companyName\":\"X\",\"defaultAddress\":{\"country\":\"US\"}}}"));
        long before = storedEvents();
        for (Call c : endpoints) {
            ResponseEntity<JsonNode> billing = call(c, tokens.partnerUser(partnerA, BILLING_ADMIN));
            assertThat(billing.getStatusCode()).as("BillingAdmin " + c).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(billing.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(call(c, null).getStatusCode()).as("anonymous " + c).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(call(c, tokens.partnerUser(partnerA)).getStatusCode()).as("no role " + c).isEqualTo(HttpStatus.FORBIDDEN);
        }
        for (String operatorOnly : List.of("/admin/projections", "/admin/audit/" + customerId, "/admin/clock")) {
            assertThat(call(new Call(HttpMethod.GET, operatorOnly, null), tokens.partnerUser(partnerA, ADMIN_AGENT, SALES_AGENT))
                    .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(storedEvents()).isEqualTo(before);
        for (String role : List.of(ADMIN_AGENT, SALES_AGENT)) {
            for (Call c : endpoints) {
                assertThat(call(c, tokens.partnerUser(partnerA, role)).getStatusCode().value()).as(role + " " + c)
                        .isNotIn(401, 403);
            }
        }
        assertThat(call(new Call(HttpMethod.GET, "/v1/customers/" + customerId, null), tokens.operator()).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> operatorWithoutPartner = call(new Call(HttpMethod.POST, "/v1/customers",
                "{\"billingProfile\":{\"companyName\":\"X\",\"defaultAddress\":{\"country\":\"US\"}}}"), tokens.operator());
        assertThat(operatorWithoutPartner.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(operatorWithoutPartner.getBody().path("type").asText()).endsWith("/partner-required");
    }
}
