package com.cspmarket.identity;

import com.cspmarket.kit.TokenVerification;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The identity provider as its clients use it, over HTTP: discovery, client credentials for an integration, the
 * authorization code flow with PKCE through the sign-in form for a person; every token verified exactly as the
 * services verify it ({@link TokenVerification}: JWK set, issuer, audience) and carrying the platform's claims.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"identity.issuer=" + IdentityIT.ISSUER, "identity.signing-key=",
                // the kit is on the test class path for TokenVerification only: this is not a platform service
                "spring.autoconfigure.exclude=com.cspmarket.kit.KitAutoConfiguration"})
class IdentityIT {

    static final String ISSUER = "http://identity.test";
    static final String REDIRECT = "http://localhost:8088/login/oauth2/code/platform";
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new CookieManager()).build();

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    JwtDecoder servicesDecoder() {
        return TokenVerification.decoder(null, url("/oauth2/jwks"), ISSUER, "api://cspmarket");
    }

    @Test
    void discoveryNamesTheIssuerAndTheEndpoints() throws Exception {
        JsonNode discovery = json(http.send(HttpRequest.newBuilder(URI.create(url("/.well-known/openid-configuration")))
                .build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(discovery.path("issuer").asText()).isEqualTo(ISSUER);
        assertThat(discovery.path("jwks_uri").asText()).isEqualTo(ISSUER + "/oauth2/jwks");
        assertThat(discovery.path("code_challenge_methods_supported").toString()).contains("S256");
        JsonNode jwks = json(http.send(HttpRequest.newBuilder(URI.create(url("/oauth2/jwks"))).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(jwks.path("keys")).hasSize(1);
        assertThat(jwks.path("keys").get(0).path("kty").asText()).isEqualTo("RSA");
        assertThat(jwks.path("keys").get(0).has("d")).isFalse(); // the private part never leaves
    }

    @Test
    void anIntegrationGetsATokenForItsPartnerThatTheServicesAccept() throws Exception {
        HttpResponse<String> response = token("contoso-integration", "contoso-secret");
        assertThat(response.statusCode()).isEqualTo(200);
        Jwt jwt = servicesDecoder().decode(json(response).path("access_token").asText());
        assertThat(jwt.getSubject()).isEqualTo("contoso-integration");
        assertThat(jwt.getClaimAsString("partnerId")).isEqualTo("partner-contoso");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("AdminAgent", "SalesAgent", "BillingAdmin");
        assertThat(jwt.getAudience()).contains("api://cspmarket");

        assertThat(token("contoso-integration", "wrong").statusCode()).isEqualTo(401);
        assertThat(token("no-such-client", "contoso-secret").statusCode()).isEqualTo(401);
        // a token verified against another issuer's name is refused, as the services refuse it
        String other = json(token("fabrikam-integration", "fabrikam-secret")).path("access_token").asText();
        assertThatThrownBy(() -> TokenVerification.decoder(null, url("/oauth2/jwks"), "http://elsewhere", "api://cspmarket")
                .decode(other)).isInstanceOf(JwtException.class);
        assertThat(servicesDecoder().decode(other).getClaimAsString("partnerId")).isEqualTo("partner-fabrikam");
    }

    @Test
    void aPersonSignsInToThePortalWithTheAuthorizationCodeAndPkce() throws Exception {
        String verifier = randomUrlSafe(32);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = url("/oauth2/authorize?" + form(Map.of("response_type", "code", "client_id", "partner-portal",
                "scope", "openid profile", "redirect_uri", REDIRECT, "state", "s-1", "code_challenge", challenge,
                "code_challenge_method", "S256")));

        // not signed in: to the sign-in page
        HttpResponse<String> first = get(authorize);
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        String loginPage = get(url("/login")).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(csrf.find()).as(loginPage).isTrue();

        // a wrong password stays on the sign-in page
        HttpResponse<String> wrong = post(url("/login"), Map.of("username", "contoso-billing", "password", "nope",
                "_csrf", csrf.group(1)), null);
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).contains("/login?error");

        loginPage = get(url("/login")).body();
        csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> signedIn = post(url("/login"), Map.of("username", "contoso-billing", "password", "demo",
                "_csrf", csrf.group(1)), null);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        HttpResponse<String> back = get(signedIn.headers().firstValue("Location").orElseThrow());
        String redirect = back.headers().firstValue("Location").orElseThrow();
        assertThat(redirect).startsWith(REDIRECT + "?code=").contains("state=s-1");

        // a code with the wrong verifier (one character changed) is refused
        String wrongVerifier = (verifier.charAt(0) == 'x' ? "y" : "x") + verifier.substring(1);
        assertThat(post(url("/oauth2/token"), exchange(URLDecoderHelper.param(redirect, "code"), wrongVerifier),
                null).statusCode()).isEqualTo(400);
        // signed in already: the next authorization answers a code at once, which with its verifier gives tokens
        String code = URLDecoderHelper.param(get(authorize).headers().firstValue("Location").orElseThrow(), "code");
        HttpResponse<String> tokens = post(url("/oauth2/token"), exchange(code, verifier), null);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(post(url("/oauth2/token"), exchange(code, verifier), null).statusCode())
                .as("a code is used once").isEqualTo(400);
        Jwt access = servicesDecoder().decode(json(tokens).path("access_token").asText());
        assertThat(access.getSubject()).isEqualTo("contoso-billing");
        assertThat(access.getClaimAsString("partnerId")).isEqualTo("partner-contoso");
        assertThat(access.getClaimAsStringList("roles")).containsExactly("BillingAdmin");
        Jwt id = TokenVerification.decoder(null, url("/oauth2/jwks"), ISSUER, "partner-portal")
                .decode(json(tokens).path("id_token").asText());
        assertThat(id.getClaimAsString("partnerId")).isEqualTo("partner-contoso");
        assertThat(id.getClaimAsStringList("roles")).containsExactly("BillingAdmin");
        // a public client (no secret) gets no refresh token: it signs in again (its session at the provider lasts)
        assertThat(json(tokens).has("refresh_token")).isFalse();
    }

    @Test
    void thePortalCannotSignInWithoutPkce() throws Exception {
        HttpResponse<String> response = get(url("/oauth2/authorize?" + form(Map.of("response_type", "code",
                "client_id", "partner-portal", "scope", "openid", "redirect_uri", REDIRECT, "state", "s-2"))));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow())
                .startsWith(REDIRECT).contains("error=invalid_request");
    }

    static Map<String, String> exchange(String code, String verifier) {
        return Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "client_id", "partner-portal", "code_verifier", verifier);
    }

    HttpResponse<String> token(String clientId, String secret) throws Exception {
        return post(url("/oauth2/token"), Map.of("grant_type", "client_credentials"),
                "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String uri, Map<String, String> form, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** A query parameter of a redirect URI. */
    static final class URLDecoderHelper {
        static String param(String uri, String name) {
            for (String pair : URI.create(uri).getRawQuery().split("&")) {
                List<String> kv = List.of(pair.split("=", 2));
                if (kv.get(0).equals(name)) {
                    return java.net.URLDecoder.decode(kv.get(1), StandardCharsets.UTF_8);
                }
            }
            throw new AssertionError(name + " not in " + uri);
        }
    }
}
