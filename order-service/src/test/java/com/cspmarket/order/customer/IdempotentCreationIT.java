package com.cspmarket.order.customer;

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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.cspmarket.local.DevTokens.ADMIN_AGENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partner Center's {@code MS-RequestId} on creation: a retried {@code POST /v1/customers} or {@code POST .../carts}
 * gets the first answer (status, Location, id, body) and creates nothing; a reused id on another request is a
 * {@code 409 request-id-reused}; ids are per partner; concurrent copies create once.
 */
class IdempotentCreationIT extends ServiceIT {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    final DevTokens tokens = DevTokens.forTests();
    final String partnerA = "partner-idem-a-" + UUID.randomUUID().toString().substring(0, 8);
    final String partnerB = "partner-idem-b-" + UUID.randomUUID().toString().substring(0, 8);

    ResponseEntity<JsonNode> post(String token, String path, String body, String requestId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(token);
        if (requestId != null) {
            headers.set("MS-RequestId", requestId);
        }
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }

    long events(String type) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE :t")
                .param("t", "%." + type).query(Long.class).single();
    }

    int customersOf(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange("/v1/customers", HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class)
                .getBody().path("totalCount").asInt();
    }

    static String customerBody(String name) {
        return "{\"billingProfile\":{\"companyName\":\"" + name + "\",\"defaultAddress\":{\"country\":\"US\"}}}";
    }

    @RepeatableTest
    void aRetriedCustomerCreationReturnsTheFirstAnswerAndCreatesNothing() {
        String agent = tokens.partnerUser(partnerA, ADMIN_AGENT);
        String requestId = UUID.randomUUID().toString();
        long before = events("CustomerCreated");

        ResponseEntity<JsonNode> first = post(agent, "/v1/customers", customerBody("Adatum"), requestId);
        ResponseEntity<JsonNode> retry = post(agent, "/v1/customers", customerBody("Adatum"), requestId);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(retry.getHeaders().getContentType()).isEqualTo(first.getHeaders().getContentType());
        assertThat(events("CustomerCreated")).isEqualTo(before + 1);
        assertThat(customersOf(agent)).isEqualTo(1);
    }

    @RepeatableTest
    void theSameRequestIdOnADifferentRequestIsRefusedAndChangesNothing() {
        String agent = tokens.partnerUser(partnerA, ADMIN_AGENT);
        String requestId = UUID.randomUUID().toString();
        String customerId = post(agent, "/v1/customers", customerBody("Fabrikam"), requestId).getBody().path("id").asText();
        long customers = events("CustomerCreated");
        long carts = events("CartCreated");

        ResponseEntity<JsonNode> otherBody = post(agent, "/v1/customers", customerBody("Contoso"), requestId);
        ResponseEntity<JsonNode> otherPath = post(agent, "/v1/customers/" + customerId + "/carts",
                "{\"lineItems\":[{\"catalogItemId\":\"o:s:US\",\"quantity\":1}]}", requestId);

        for (ResponseEntity<JsonNode> refused : List.of(otherBody, otherPath)) {
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(refused.getBody().path("type").asText()).endsWith("/request-id-reused");
            assertThat(refused.getBody().path("detail").asText()).contains("POST /v1/customers");
        }
        assertThat(events("CustomerCreated")).isEqualTo(customers);
        assertThat(events("CartCreated")).isEqualTo(carts);
    }

    @RepeatableTest
    void requestIdsBelongToOnePartner() {
        String requestId = UUID.randomUUID().toString();
        String agentA = tokens.partnerUser(partnerA, ADMIN_AGENT);
        String agentB = tokens.partnerUser(partnerB, ADMIN_AGENT);

        ResponseEntity<JsonNode> a = post(agentA, "/v1/customers", customerBody("Same"), requestId);
        ResponseEntity<JsonNode> b = post(agentB, "/v1/customers", customerBody("Same"), requestId);

        assertThat(a.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(b.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(b.getBody().path("id").asText()).isNotEqualTo(a.getBody().path("id").asText());
        assertThat(customersOf(agentB)).isEqualTo(1);
    }

    @RepeatableTest
    void aRetriedCartCreationReturnsTheSameCartAndCreatesNothing() {
        String agent = tokens.partnerUser(partnerA, ADMIN_AGENT);
        String customerId = post(agent, "/v1/customers", customerBody("Carts"), null).getBody().path("id").asText();
        String path = "/v1/customers/" + customerId + "/carts";
        String lines = "{\"lineItems\":[{\"catalogItemId\":\"contoso.crm:std:US\",\"quantity\":3}]}";
        String requestId = UUID.randomUUID().toString();
        long before = events("CartCreated");

        ResponseEntity<JsonNode> first = post(agent, path, lines, requestId);
        ResponseEntity<JsonNode> retry = post(agent, path, lines, requestId);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(events("CartCreated")).isEqualTo(before + 1);
        // without the header every POST is a new cart, as before
        assertThat(post(agent, path, lines, null).getBody().path("id").asText())
                .isNotEqualTo(first.getBody().path("id").asText());
    }

    @RepeatableTest
    void aRefusedRequestIsNotRememberedSoItsCorrectedRetryIsServed() {
        String agent = tokens.partnerUser(partnerA, ADMIN_AGENT);
        String requestId = UUID.randomUUID().toString();
        // 404: the customer does not exist; nothing is remembered for the request id
        assertThat(post(agent, "/v1/customers/no-such-customer/carts",
                "{\"lineItems\":[{\"catalogItemId\":\"o:s:US\",\"quantity\":1}]}", requestId).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(post(agent, "/v1/customers", "{\"billingProfile\":{\"companyName\":\"x\",\"defaultAddress\":{\"country\":\"usa\"}}}", requestId)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(post(agent, "/v1/customers", customerBody("Corrected"), requestId).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }

    @RepeatableTest
    void concurrentCopiesOfOneRequestCreateOnce() throws Exception {
        String agent = tokens.partnerUser(partnerB, ADMIN_AGENT);
        String requestId = UUID.randomUUID().toString();
        long before = events("CustomerCreated");
        int copies = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            List<Future<ResponseEntity<JsonNode>>> sent = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                Callable<ResponseEntity<JsonNode>> copy = () -> {
                    start.await();
                    return post(agent, "/v1/customers", customerBody("Concurrent"), requestId);
                };
                sent.add(pool.submit(copy));
            }
            start.countDown();
            List<ResponseEntity<JsonNode>> answers = new ArrayList<>();
            for (Future<ResponseEntity<JsonNode>> answer : sent) {
                answers.add(answer.get());
            }
            assertThat(answers).allSatisfy(a -> assertThat(a.getStatusCode()).isEqualTo(HttpStatus.CREATED));
            assertThat(answers).extracting(a -> a.getBody().path("id").asText()).containsOnly(
                    answers.get(0).getBody().path("id").asText());
        } finally {
            pool.shutdownNow();
        }
        assertThat(events("CustomerCreated")).isEqualTo(before + 1);
    }

    @RepeatableTest
    void aMalformedRequestIdIsABadRequest() {
        String agent = tokens.partnerUser(partnerA, ADMIN_AGENT);
        long before = events("CustomerCreated");
        ResponseEntity<JsonNode> refused = post(agent, "/v1/customers", customerBody("Bad id"), "-" + "x".repeat(120));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("type").asText()).endsWith("/invalid-request-id");
        assertThat(events("CustomerCreated")).isEqualTo(before);
    }
}
