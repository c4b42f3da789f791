package com.cspmarket.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI check every service runs (a test class of its integration tests implements this on its Spring Boot
 * test base): every endpoint the service's controllers map (method and path, read from its own
 * {@code RequestMappingHandlerMapping}, as the fuzzer does) is in the document it serves at {@code /v3/api-docs},
 * which the gateway shows in Swagger UI. A mapping added without being documented fails here.
 */
public interface OpenApiContract {

    @RepeatableTest
    default void everyEndpointTheServiceMapsIsInItsOpenApiDocument(
            @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping,
            @Value("${local.server.port}") int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("/v3/api-docs answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode document = new ObjectMapper().readTree(response.body());
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = document.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = document.path("paths").path(path).fieldNames(); methods.hasNext(); ) {
                documented.add(methods.next().toUpperCase(Locale.ROOT) + " " + normalized(path));
            }
        }
        List<String> missing = new ArrayList<>();
        for (EndpointFuzzer.Endpoint endpoint : EndpointFuzzer.endpointsOf(mapping)) {
            String key = endpoint.method() + " " + normalized(endpoint.path());
            if (!documented.contains(key)) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError(missing.size() + " mapped endpoints are not in /v3/api-docs: " + missing
                    + "\ndocumented: " + documented);
        }
    }

    /** Path variables named alike ({@code /offers/{offerId}} and {@code /offers/{id}} are the same path). */
    private static String normalized(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }
}
