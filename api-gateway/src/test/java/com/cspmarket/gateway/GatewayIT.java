package com.cspmarket.gateway;

import com.cspmarket.local.DevTokens;
import com.cspmarket.local.RepeatableTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway on its own, in front of four recording backends: routing by path with headers and answers passed
 * through unchanged, the JWT at the edge, the per-partner rate limit, its own problem+json errors (404, 413, 415,
 * 503 naming the service, 504), the correlation id and the one business clock.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gateway.requests-per-minute=20", "gateway.max-body-size=2KB",
                "spring.cloud.gateway.mvc.http-client.read-timeout=2s"})
class GatewayIT {

    static final FakeService CATALOG = new FakeService("catalog");
    static final FakeService CATALOG2 = new FakeService("catalog"); // a second instance of the catalog service
    static final FakeService ORDER = new FakeService("order");
    static final FakeService SUBSCRIPTION = new FakeService("subscription");
    static final FakeService BILLING = new FakeService("billing");
    static final DevTokens TOKENS = DevTokens.forTests();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("gateway.services.catalog", () -> CATALOG.url() + "," + CATALOG2.url());
        registry.add("gateway.services.order", ORDER::url);
        registry.add("gateway.services.subscription", SUBSCRIPTION::url);
        registry.add("gateway.services.billing", BILLING::url);
        registry.add("platform.security.jwt.public-key", TOKENS::publicKey);
    }

    @AfterAll
    static void stop() {
        for (FakeService service : new FakeService[]{CATALOG, CATALOG2, ORDER, SUBSCRIPTION, BILLING}) {
            service.close();
        }
    }

    record Answer(int status, HttpResponse<String> raw) {
        JsonNode json() throws IOException {
            return JSON.readTree(raw.body());
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Answer send(String method, String path, String token, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response);
    }

    String agent() {
        return TOKENS.partnerUser("partner-" + UUID.randomUUID().toString().substring(0, 8), DevTokens.ADMIN_AGENT);
    }

    static void assertProblem(Answer answer, int status, String type) throws IOException {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("type").asText()).endsWith("/" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asText()).matches("\\d+");
        assertThat(problem.path("description").asText()).isNotBlank();
    }

    @RepeatableTest
    void eachPathGoesToTheServiceThatOwnsItWithItsHeadersAndBodyAndTheAnswerComesBackUnchanged() throws Exception {
        String token = agent();
        Map<String, String> routes = Map.of(
                "/v1/products?country=US&targetView=OnlineServices", "catalog",
                "/v1/offers/contoso.crm", "catalog",
                "/v1/customers", "order",
                "/v1/customers/c-1/carts/k-1", "order",
                "/v1/customers/c-1/orders/o-1/lineitems/0/activationlinks", "order",
                "/v1/customers/c-1/subscriptions", "subscription",
                "/v1/customers/c-1/subscriptions/s-1/activationlinks", "subscription",
                "/v1/invoices/unbilled/lineitems?provider=onetime", "billing");
        for (Map.Entry<String, String> route : routes.entrySet()) {
            Answer answer = send("GET", route.getKey(), token, null, Map.of());
            assertThat(answer.status()).as(route.getKey()).isEqualTo(200);
            assertThat(answer.json().path("service").asText()).as(route.getKey()).isEqualTo(route.getValue());
            assertThat(answer.json().path("path").asText()).as(route.getKey()).isEqualTo(route.getKey());
            assertThat(answer.header("ETag")).isEqualTo("\"7\"");
        }
        String requestId = UUID.randomUUID().toString();
        Answer created = send("POST", "/v1/customers/c-1/carts/created", token, "{\"lineItems\":[]}",
                Map.of("Content-Type", "application/json", "MS-RequestId", requestId, "MS-CorrelationId", "corr-1"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("MS-CorrelationId")).isEqualTo("corr-1");
        FakeService.Received received = ORDER.received().get(ORDER.received().size() - 1);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.body()).isEqualTo("{\"lineItems\":[]}");
        assertThat(received.header("MS-RequestId")).isEqualTo(requestId);
        assertThat(received.header("MS-CorrelationId")).isEqualTo("corr-1");
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token); // the services check it again
        // without a correlation id the gateway makes one, and the service sees the same
        Answer uncorrelated = send("GET", "/v1/invoices", token, null, Map.of());
        String made = uncorrelated.header("MS-CorrelationId");
        assertThat(made).isNotBlank();
        assertThat(BILLING.received().get(BILLING.received().size() - 1).header("MS-CorrelationId")).isEqualTo(made);
    }

    @RepeatableTest
    void theTokenIsCheckedAtTheEdgeExceptOnTheCustomersActivationLink() throws Exception {
        int before = CATALOG.received().size() + CATALOG2.received().size();
        assertProblem(send("GET", "/v1/offers", null, null, Map.of()), 401, "unauthorized");
        assertProblem(send("GET", "/v1/offers", "not.a.jwt", null, Map.of()), 401, "unauthorized");
        assertThat(CATALOG.received().size() + CATALOG2.received().size()).isEqualTo(before);
        assertThat(send("GET", "/v1/subscriptions/s-1/activation?token=t", null, null, Map.of()).status()).isEqualTo(200);
        assertThat(SUBSCRIPTION.received().get(SUBSCRIPTION.received().size() - 1).path())
                .isEqualTo("/v1/subscriptions/s-1/activation?token=t");
        // operator endpoints are the operator's
        assertProblem(send("GET", "/admin/catalog/projections", agent(), null, Map.of()), 403, "forbidden");
        Answer admin = send("GET", "/admin/catalog/projections", TOKENS.operator(), null, Map.of());
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().path("path").asText()).isEqualTo("/admin/projections");
    }

    @RepeatableTest
    void aPartnerOverItsRateIsToldWhenToComeBackAndOtherPartnersAreNotAffected() throws Exception {
        String busy = agent();
        String quiet = agent();
        int allowed = 0;
        Answer refused = null;
        for (int i = 0; i < 25 && refused == null; i++) {
            Answer answer = send("GET", "/v1/offers", busy, null, Map.of());
            if (answer.status() == 429) {
                refused = answer;
            } else {
                assertThat(answer.status()).isEqualTo(200);
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(20);
        assertThat(refused).isNotNull();
        assertProblem(refused, 429, "too-many-requests");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
        assertThat(send("GET", "/v1/offers", quiet, null, Map.of()).status()).isEqualTo(200);
    }

    @RepeatableTest
    void whatNoServiceShouldSeeIsAnsweredAtTheEdgeAsAProblem() throws Exception {
        String token = agent();
        int before = ORDER.received().size();
        assertProblem(send("GET", "/v1/no-such-thing", token, null, Map.of()), 404, "not-found");
        assertProblem(send("POST", "/v1/customers", token, "x".repeat(3000), Map.of("Content-Type", "application/json")),
                413, "request-too-large");
        assertProblem(send("POST", "/v1/customers", token, "<customer/>", Map.of("Content-Type", "application/xml")),
                415, "unsupported-media-type");
        assertProblem(send("POST", "/v1/customers", token, "{}", Map.of("Content-Type", "multipart/form-data")),
                415, "unsupported-media-type");
        assertProblem(send("POST", "/v1/customers", token, "{}", Map.of("Content-Type", "application/json; charset=ISO-8859-1")),
                415, "unsupported-media-type");
        assertThat(ORDER.received()).hasSize(before);
        // the activation page's own form is the one body that is not JSON
        assertThat(send("POST", "/v1/subscriptions/s-1/activation?token=t", null, "",
                Map.of("Content-Type", "application/x-www-form-urlencoded")).status()).isEqualTo(200);
    }

    @RepeatableTest
    void aServiceThatIsDownOrSlowIsNamedInA503Or504() throws Exception {
        String token = agent();
        BILLING.holdAnswers();
        try {
            assertProblem(send("GET", "/v1/invoices", token, null, Map.of()), 504, "gateway-timeout");
        } finally {
            BILLING.release();
        }
        SUBSCRIPTION.down();
        try {
            Answer down = send("GET", "/v1/customers/c-1/subscriptions", token, null, Map.of());
            assertProblem(down, 503, "service-unavailable");
            assertThat(down.json().path("detail").asText()).contains("subscription");
            // the others still answer
            assertThat(send("GET", "/v1/customers/c-1", token, null, Map.of()).status()).isEqualTo(200);
        } finally {
            SUBSCRIPTION.up();
        }
        assertThat(send("GET", "/v1/customers/c-1/subscriptions", token, null, Map.of()).status()).isEqualTo(200);
    }

    @RepeatableTest
    void theOneBusinessClockMovesEveryServiceToTheSameInstant() throws Exception {
        String instant = "2027-03-08T00:00:00Z";
        Answer moved = send("PUT", "/admin/clock", TOKENS.operator(), "{\"now\":\"" + instant + "\"}",
                Map.of("Content-Type", "application/json"));
        assertThat(moved.status()).as(moved.raw().body()).isEqualTo(200);
        assertThat(moved.json().path("now").asText()).isEqualTo(instant);
        for (FakeService service : new FakeService[]{CATALOG, CATALOG2, ORDER, SUBSCRIPTION, BILLING}) {
            FakeService.Received last = service.received().get(service.received().size() - 1);
            assertThat(last.method()).isEqualTo("PUT");
            assertThat(last.path()).isEqualTo("/admin/clock");
            assertThat(last.body()).contains(instant);
            assertThat(moved.json().path("services").path(service == CATALOG || service == CATALOG2 ? "catalog" : service == ORDER ? "order"
                    : service == SUBSCRIPTION ? "subscription" : "billing").asText()).isEqualTo(instant);
        }
        assertProblem(send("PUT", "/admin/clock", agent(), "{\"now\":\"" + instant + "\"}",
                Map.of("Content-Type", "application/json")), 403, "forbidden");
    }

    /**
     * A service with two instances gets its requests in turn; an instance that is down (connection refused) is
     * passed over, POSTs included, and no request fails while the other is up; with both down, 503; an instance up
     * again gets requests again.
     */
    @RepeatableTest
    void theInstancesOfAServiceShareItsRequestsAndOneThatIsDownIsPassedOver() throws Exception {
        // each request as another partner: the rate limit (20 a minute here) is not what this test is about
        int first = CATALOG.received().size();
        int second = CATALOG2.received().size();
        for (int i = 0; i < 10; i++) {
            assertThat(send("GET", "/v1/offers/contoso.crm", agent(), null, Map.of()).status()).isEqualTo(200);
        }
        assertThat(CATALOG.received().size() - first).isEqualTo(5);
        assertThat(CATALOG2.received().size() - second).isEqualTo(5);

        CATALOG2.down();
        try {
            int before = CATALOG.received().size();
            for (int i = 0; i < 10; i++) {
                String body = "{\"attempt\":" + i + "}";
                Answer answer = send("POST", "/v1/offers/created", agent(), body, Map.of("Content-Type", "application/json",
                        "MS-RequestId", UUID.randomUUID().toString()));
                assertThat(answer.status()).as(answer.raw().body()).isEqualTo(201);
                assertThat(CATALOG.received().get(CATALOG.received().size() - 1).body()).isEqualTo(body);
            }
            assertThat(CATALOG.received().size() - before).isEqualTo(10); // each once, none lost, none twice
            CATALOG.down();
            try {
                assertProblem(send("GET", "/v1/offers", agent(), null, Map.of()), 503, "service-unavailable");
            } finally {
                CATALOG.up();
            }
        } finally {
            CATALOG2.up();
        }
        int back = CATALOG2.received().size();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(send("GET", "/v1/offers", agent(), null, Map.of()).status()).isEqualTo(200);
            return CATALOG2.received().size() > back;
        });
    }
}
