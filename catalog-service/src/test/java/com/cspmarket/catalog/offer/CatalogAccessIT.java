package com.cspmarket.catalog.offer;

import com.cspmarket.catalog.ServiceIT;
import com.cspmarket.local.DevTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
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

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.cspmarket.local.DevTokens.ADMIN_AGENT;
import static com.cspmarket.local.DevTokens.BILLING_ADMIN;
import static com.cspmarket.local.DevTokens.OPERATOR;
import static com.cspmarket.local.DevTokens.SALES_AGENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource server with real RS256 tokens: what is not a valid token of the trusted issuer for this audience is
 * 401, the roles decide the rest (403), and a refused request changes nothing. The kit does this for every service;
 * the other services' tests check their own endpoints' roles and partner isolation.
 */
class CatalogAccessIT extends ServiceIT {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    com.cspmarket.kit.MovableClock clock;

    final DevTokens tokens = DevTokens.forTests();

    ResponseEntity<JsonNode> call(HttpMethod method, String path, String body, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        } else {
            headers.set(HttpHeaders.AUTHORIZATION, ""); // keep the test template's default token off
        }
        return http.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }

    long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
    }

    @RepeatableTest
    void onlyAValidTokenOfTheTrustedIssuerForThisApiGetsIn() {
        Instant now = Instant.now();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("no token", null);
        refused.put("not a JWT", "not-a-jwt");
        refused.put("expired", tokens.sign(DevTokens.claims("u@p", "p", now.minus(Duration.ofHours(2)), Duration.ofHours(1), ADMIN_AGENT).build()));
        refused.put("not yet valid", tokens.sign(DevTokens.claims("u@p", "p", now.plus(Duration.ofHours(1)), Duration.ofHours(1), ADMIN_AGENT).build()));
        refused.put("signed by another key", DevTokens.signWithUntrustedKey(DevTokens.claims("u@p", "p", now, Duration.ofHours(1), OPERATOR).build()));
        refused.put("another issuer", tokens.sign(new JWTClaimsSet.Builder(DevTokens.claims("u@p", "p", now, Duration.ofHours(1), OPERATOR).build())
                .issuer("https://evil.example/").build()));
        refused.put("another audience", tokens.sign(new JWTClaimsSet.Builder(DevTokens.claims("u@p", "p", now, Duration.ofHours(1), OPERATOR).build())
                .audience("api://someone-else").build()));
        String valid = tokens.partnerUser("partner-x", SALES_AGENT);
        refused.put("tampered", valid.substring(0, valid.lastIndexOf('.')) + ".AAAA" + valid.substring(valid.lastIndexOf('.') + 5));

        refused.forEach((why, token) -> {
            ResponseEntity<JsonNode> response = call(HttpMethod.GET, "/v1/offers", null, token);
            assertThat(response.getStatusCode()).as(why).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(response.getHeaders().getContentType()).as(why).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(response.getBody().path("type").asText()).as(why).endsWith("/unauthorized");
            assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(why).startsWith("Bearer");
        });
        assertThat(call(HttpMethod.GET, "/v1/offers", null, valid).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(call(HttpMethod.GET, "/actuator/health", null, null).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @RepeatableTest
    void partnersReadTheCatalogAndOnlyOperatorsChangeIt() {
        String offerId = "woodgrove.roles-" + UUID.randomUUID().toString().substring(0, 8);
        String offer = OfferPublishingIT.offerJson(offerId, "US", java.time.LocalDate.now(clock));
        List<String> partnerRoles = List.of(ADMIN_AGENT, SALES_AGENT, BILLING_ADMIN);
        long before = storedEvents();
        for (String role : partnerRoles) {
            String token = tokens.partnerUser("partner-roles", role);
            for (String read : List.of("/v1/offers", "/v1/offers?q=crm", "/v1/price-list?format=csv", "/v1/price-changes?since=2026-01-01")) {
                assertThat(http.exchange(read, HttpMethod.GET, new HttpEntity<>(bearer(token)), String.class).getStatusCode())
                        .as(role + " GET " + read).isEqualTo(HttpStatus.OK);
            }
            ResponseEntity<JsonNode> publish = call(HttpMethod.POST, "/v1/offers", offer, token);
            assertThat(publish.getStatusCode()).as(role).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(publish.getBody().path("type").asText()).endsWith("/forbidden");
            for (String operatorOnly : List.of("/admin/clock", "/admin/projections", "/admin/audit/" + offerId, "/actuator/prometheus")) {
                assertThat(call(HttpMethod.GET, operatorOnly, null, token).getStatusCode()).as(role + " " + operatorOnly)
                        .isEqualTo(HttpStatus.FORBIDDEN);
            }
            assertThat(call(HttpMethod.PUT, "/admin/clock", "{\"now\":\"2030-01-01T00:00:00Z\"}", token).getStatusCode())
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }
        // a token with partner roles but no partner is refused even where the role would do
        assertThat(call(HttpMethod.GET, "/v1/offers", null, tokens.token("nobody", null, Duration.ofMinutes(5), SALES_AGENT))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        // no role at all
        assertThat(call(HttpMethod.GET, "/v1/offers", null, tokens.partnerUser("partner-roles")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(storedEvents()).isEqualTo(before);

        ResponseEntity<JsonNode> published = call(HttpMethod.POST, "/v1/offers", offer, tokens.operator());
        assertThat(published.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode trail = call(HttpMethod.GET, "/admin/audit/" + offerId, null, tokens.operator()).getBody();
        assertThat(trail.path("items").get(0).path("actor").asText()).isEqualTo("operator@cspmarket.example");
        assertThat(trail.path("items").get(0).path("actorPartnerId").textValue()).isNull();
    }

    static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }
}
