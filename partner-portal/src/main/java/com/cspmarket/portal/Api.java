package com.cspmarket.portal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The public API through the gateway, as the signed-in user: their access token on every call, the form's request id
 * as {@code MS-RequestId} on every change (a form sent twice acts once), problem+json answers as {@link ApiProblem}.
 */
@Component
public class Api {

    private final RestClient rest;
    private final String gatewayUrl;
    private final OAuth2AuthorizedClientRepository clients;
    private final ObjectMapper json;

    Api(PortalProperties properties, OAuth2AuthorizedClientRepository clients, ObjectMapper json) {
        // money is never a double: amounts are read as BigDecimal, with the scale the API wrote (12.50 stays 12.50)
        this.json = json.copy().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.rest = RestClient.builder().baseUrl(properties.gatewayUrl())
                .messageConverters(converters -> {
                    converters.removeIf(c -> c instanceof org.springframework.http.converter.json.MappingJackson2HttpMessageConverter);
                    converters.add(new org.springframework.http.converter.json.MappingJackson2HttpMessageConverter(this.json));
                })
                .build();
        this.gatewayUrl = properties.gatewayUrl();
        this.clients = clients;
    }

    /** A JSON object (a resource, or a collection with {@code items}); {@code path} is a URI template. */
    public Map<String, Object> get(String path, Object... variables) {
        return get(uri(path, variables));
    }

    /** A JSON object at a path and query already encoded (built with UriComponentsBuilder ... encode()). */
    public Map<String, Object> get(URI encoded) {
        return read(encoded).body();
    }

    /** {@link #get} with the answer's headers (ETag, the business time). */
    public Response read(String path, Object... variables) {
        return read(uri(path, variables));
    }

    private Response read(URI encoded) {
        Raw answer = exchange(HttpMethod.GET, encoded, MediaType.APPLICATION_JSON, null, null, null);
        return new Response(answer.status(), answer.headers(), object(answer.body()));
    }

    /** A JSON array. */
    public List<Map<String, Object>> list(String path, Object... variables) {
        byte[] body = exchange(HttpMethod.GET, uri(path, variables), MediaType.APPLICATION_JSON, null, null, null).body();
        try {
            return List.copyOf(json.readValue(body, new TypeReference<List<JsonObject>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("the platform answered something that is not a JSON array", e);
        }
    }

    /** {@link #get} of a collection's {@code items}. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> items(String path, Object... variables) {
        Object items = get(path, variables).get("items");
        return items instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    /** A file (CSV, XLSX) with its headers, to hand on to the browser. */
    public ResponseEntity<byte[]> download(URI encoded, MediaType accept) {
        Raw answer = exchange(HttpMethod.GET, encoded, accept, null, null, null);
        return ResponseEntity.status(answer.status()).headers(answer.headers()).body(answer.body());
    }

    /** The encoded URI of a path template and its variables (each variable encoded strictly, once). */
    public URI uri(String path, Object... variables) {
        return UriComponentsBuilder.fromUriString(path).encode().buildAndExpand(variables).toUri();
    }

    /**
     * A change: {@code method} on {@code path} (encoded) with a JSON body (null for none).
     *
     * @param requestId the id the form was rendered with: the same form sent twice gets the first answer again
     * @param ifMatch   the version the user saw (null: none)
     */
    public Response send(HttpMethod method, String path, Object body, String requestId, String ifMatch) {
        Raw answer = exchange(method, URI.create(path), MediaType.APPLICATION_JSON, body, requestId, ifMatch);
        return new Response(answer.status(), answer.headers(), object(answer.body()));
    }

    /** Every call: the user's token, the request id and version if any; an error answer becomes an ApiProblem. */
    private Raw exchange(HttpMethod method, URI encoded, MediaType accept, Object body, String requestId,
                         String ifMatch) {
        URI target = encoded.isAbsolute() ? encoded : URI.create(gatewayUrl + encoded); // never encoded twice
        RestClient.RequestBodySpec spec = rest.method(method).uri(target)
                .headers(this::authorize)
                .headers(headers -> {
                    if (requestId != null && !requestId.isBlank()) {
                        headers.set("MS-RequestId", requestId);
                    }
                    if (ifMatch != null && !ifMatch.isBlank()) {
                        headers.setIfMatch(ifMatch);
                    }
                })
                .accept(accept);
        if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return spec.exchange((request, response) -> {
            byte[] bytes = response.getBody().readAllBytes();
            if (response.getStatusCode().isError()) {
                throw problem(response.getStatusCode().value(), bytes);
            }
            return new Raw(response.getStatusCode().value(), response.getHeaders(), bytes);
        });
    }

    private record Raw(int status, HttpHeaders headers, byte[] body) {
    }

    private JsonObject object(byte[] body) {
        try {
            return body.length == 0 ? new JsonObject() : json.readValue(body, JsonObject.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the platform answered something that is not a JSON object", e);
        }
    }

    public record Response(int status, HttpHeaders headers, Map<String, Object> body) {

        /** The business clock's time when the platform answered (it can be moved in demos and tests). */
        public Instant businessTime() {
            String value = headers.getFirst("Platform-Business-Time");
            return value == null ? Instant.now() : Instant.parse(value);
        }
    }

    private ApiProblem problem(int status, byte[] bytes) {
        if (status == 401) {
            throw new SignInAgain();
        }
        Map<String, Object> body;
        try {
            body = bytes.length == 0 ? new JsonObject() : json.readValue(bytes, JsonObject.class);
        } catch (IOException e) {
            body = Map.of("detail", "The platform answered " + status);
        }
        return new ApiProblem(status, body);
    }

    private void authorize(HttpHeaders headers) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        OAuth2AuthorizedClient client = clients.loadAuthorizedClient(PortalSecurity.REGISTRATION, user, request);
        if (client == null || client.getAccessToken().getExpiresAt() == null
                || client.getAccessToken().getExpiresAt().isBefore(Instant.now().plusSeconds(10))) {
            throw new SignInAgain();
        }
        headers.setBearerAuth(client.getAccessToken().getTokenValue());
    }

    /** The user's access token expired (or the API refused it): a new sign-in, silent while the provider's session lasts. */
    public static class SignInAgain extends RuntimeException {
        SignInAgain() {
            super("sign in again", null, false, false);
        }
    }
}
