package com.cspmarket.local;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throws malformed requests at every endpoint a running service maps (read from its
 * {@code RequestMappingHandlerMapping}, so a new endpoint is fuzzed without anyone listing it): unknown and hostile
 * path ids, query parameters of the wrong type, range or encoding, missing required ones, bad {@code If-Match},
 * {@code MS-RequestId} and {@code MS-CorrelationId} headers, and bodies that are not JSON, JSON of the wrong shape,
 * objects whose every field has the wrong type (from the request record's components), deep nesting, huge numbers,
 * NUL characters and invalid UTF-8, with wrong content types and methods. Seeded, so a finding is reproducible.
 * A finding is any 5xx, any 4xx that is not {@code application/problem+json}, and any change (a non-GET answered
 * 2xx) accepted from malformed input.
 */
public final class EndpointFuzzer {

    /**
     * The subjects of the fuzzer's tokens start with this, so every event a malformed request might cause names it as
     * its actor, apart from whatever the service's schedulers and consumers record meanwhile.
     */
    public static final String SUBJECT_PREFIX = "fuzzer";

    /**
     * One mapped endpoint: method, path pattern, its query parameters and headers, its body type (or null) and the
     * HTML it declares it produces (a page for people, which answers its errors as a page: a 4xx page is right there).
     */
    public record Endpoint(String method, String path, List<String> queryParameters, List<String> headers, Class<?> bodyType,
                           List<String> produces) {
        public Endpoint(String method, String path, List<String> queryParameters, List<String> headers, Class<?> bodyType) {
            this(method, path, queryParameters, headers, bodyType, List.of());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public record Finding(String request, int status, String contentType, String body) {
    }

    public record Report(List<Endpoint> endpoints, int requests, Map<Integer, Integer> statuses, List<Finding> findings) {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");
    private static final List<String> HOSTILE = List.of(
            "", " ", "-1", "0", "-0", "1.5", "abc", "NaN", "Infinity", "1e400", "99999999999999999999999999",
            "-9223372036854775809", "2026-13-45", "2026-02-30", "2026-02-30T25:61:00Z", "0000-00-00T00:00:00Z",
            "+999999999-12-31T23:59:59Z", "null", "true", "[]", "{}", "'", "\"", "' OR '1'='1", "'; DROP TABLE inbox; --",
            "<script>alert(1)</script>", "../../etc/passwd", "..", ".", "%", "%25", "\u0000", "a\u0000b", "\t\n",
            "\u202e", "\uD83D\uDE00", "\uFFFF", "ZZ", "zz", "US,DE", "P1M", "p1y", "MONTHLY;", "csv", "pdf",
            "x".repeat(65), "y".repeat(5000));
    private static final List<String> BAD_BODIES = List.of(
            "", " ", "{", "}", "[", "{\"a\":", "{\"a\" 1}", "{'a':1}", "null", "true", "0", "-1", "\"text\"", "[]", "[{}]",
            "[null]", "{\"\":null}", "1e99999", "{\"quantity\":1e99999}", "\u0000", "{\"a\":\"\u0000\"}",
            "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(2000) + "1" + "}".repeat(2000), "<xml/>",
            "x=1&y=2", "{\"lineItems\":\"" + "z".repeat(20000) + "\"}");
    private static final List<Object> WRONG_VALUES = List.of(
            Map.of("nested", List.of(1, 2)), List.of(Map.of()), "not-a-number", -99999999999L, true, "2026-99-99",
            "\u0000", Map.of(), List.of(List.of()));
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final List<String> tokens;
    private final Random random;

    /** @param tokens each request carries one of these, at random (an operator's reaches every handler) */
    public EndpointFuzzer(String baseUrl, List<String> tokens, long seed) {
        this.baseUrl = baseUrl;
        this.tokens = List.copyOf(tokens);
        this.random = new Random(seed);
    }

    /**
     * The test every service runs: {@code perEndpoint} malformed requests to each of its endpoints, as an operator
     * and as a partner's user with every partner role, must all be answered 2xx (a read of nothing) or 4xx
     * problem+json, and {@code state} (e.g. the number of stored events) must not move.
     */
    public static Report assertMalformedRequestsChangeNothing(int port, RequestMappingHandlerMapping mapping,
                                                             int minEndpoints, int perEndpoint,
                                                             java.util.function.LongSupplier state) {
        DevTokens keys = DevTokens.forTests();
        long before = state.getAsLong();
        List<Endpoint> endpoints = new ArrayList<>(endpointsOf(mapping));
        if (endpoints.size() < minEndpoints) {
            throw new AssertionError("only " + endpoints.size() + " endpoints found: " + endpoints);
        }
        // and paths the service does not map: malformed requests there are 4xx problems too
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            endpoints.add(new Endpoint(method, "/v1/no-such-resource/{id}", List.of(), List.of(), null));
            endpoints.add(new Endpoint(method, "/admin/no-such-thing", List.of(), List.of(), null));
        }
        Report report = new EndpointFuzzer("http://localhost:" + port, List.of(
                keys.token(SUBJECT_PREFIX + "-operator@cspmarket.example", null, java.time.Duration.ofHours(12), DevTokens.OPERATOR),
                keys.token(SUBJECT_PREFIX + "@partner-fuzz", "partner-fuzz", java.time.Duration.ofHours(12),
                        DevTokens.ADMIN_AGENT, DevTokens.SALES_AGENT, DevTokens.BILLING_ADMIN)),
                20261124L).run(endpoints, perEndpoint);
        if (endpoints.size() < minEndpoints) {
            throw new AssertionError("only " + endpoints.size() + " endpoints found: " + endpoints);
        }
        if (!report.findings().isEmpty()) {
            throw new AssertionError(report.findings().size() + " of " + report.requests()
                    + " malformed requests were not answered with a 4xx problem:\n" + describe(report));
        }
        System.out.printf("fuzzed %d endpoints with %d malformed requests: statuses %s%n", endpoints.size(),
                report.requests(), report.statuses());
        if (state.getAsLong() != before) {
            throw new AssertionError("malformed requests changed the state: " + before + " -> " + state.getAsLong());
        }
        return report;
    }

    /** Every endpoint of the service's controllers (Spring's own error controller left out). */
    public static List<Endpoint> endpointsOf(RequestMappingHandlerMapping mapping) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            HandlerMethod handler = e.getValue();
            if (handler.getBeanType().getName().startsWith("org.springframework")
                    || handler.getBeanType().getName().startsWith("org.springdoc")) { // the framework's, not the service's
                continue;
            }
            List<String> params = new ArrayList<>();
            List<String> headers = new ArrayList<>();
            Class<?> body = null;
            for (MethodParameter p : handler.getMethodParameters()) {
                p.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
                RequestParam param = p.getParameterAnnotation(RequestParam.class);
                if (param != null) {
                    params.add(!param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value() : p.getParameterName());
                }
                RequestHeader header = p.getParameterAnnotation(RequestHeader.class);
                if (header != null) {
                    headers.add(!header.name().isEmpty() ? header.name() : header.value());
                }
                if (p.hasParameterAnnotation(RequestBody.class)) {
                    body = p.getParameterType();
                }
            }
            Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
            Collection<String> names = methods.isEmpty() ? List.of("GET") : methods.stream().map(Enum::name).toList();
            for (String method : names) {
                for (String path : e.getKey().getPatternValues()) {
                    if (path.equals("/error")) {
                        continue;
                    }
                    endpoints.add(new Endpoint(method, path, List.copyOf(params), List.copyOf(headers), body,
                            e.getKey().getProducesCondition().getProducibleMediaTypes().stream()
                                    .map(t -> t.getType() + "/" + t.getSubtype())
                                    .filter(t -> t.equals("text/html")).toList()));
                }
            }
        }
        endpoints.sort(java.util.Comparator.comparing(Endpoint::toString));
        return endpoints;
    }

    /** Sends {@code perEndpoint} malformed requests to each endpoint and reports what came back. */
    public Report run(List<Endpoint> endpoints, int perEndpoint) {
        List<Finding> findings = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        int requests = 0;
        // a path with a page for people answers its errors as a page, whatever method reached it
        Set<String> pages = endpoints.stream().filter(e -> !e.produces().isEmpty()).map(Endpoint::path)
                .collect(java.util.stream.Collectors.toSet());
        for (Endpoint endpoint : endpoints) {
            for (int i = 0; i < perEndpoint; i++) {
                HttpRequest request = malformed(endpoint);
                requests++;
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    statuses.merge(response.statusCode(), 1, Integer::sum);
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    boolean problem = type.startsWith("application/problem+json")
                            || (pages.contains(endpoint.path()) && type.startsWith("text/html"));
                    boolean acceptedChange = response.statusCode() < 300 && !request.method().equals("GET");
                    if (acceptedChange || response.statusCode() >= 500 || (response.statusCode() >= 400 && !problem)) {
                        findings.add(new Finding(request.method() + " " + request.uri(), response.statusCode(), type,
                                response.body().length() > 300 ? response.body().substring(0, 300) : response.body()));
                    }
                } catch (IOException e) {
                    findings.add(new Finding(request.method() + " " + request.uri(), -1, "", e.toString()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return new Report(endpoints, requests, statuses, findings);
    }

    private HttpRequest malformed(Endpoint endpoint) {
        StringBuilder path = new StringBuilder();
        Matcher variables = VARIABLE.matcher(endpoint.path());
        while (variables.find()) {
            String value = random.nextInt(4) == 0 ? java.util.UUID.randomUUID().toString() : pick(HOSTILE);
            variables.appendReplacement(path, Matcher.quoteReplacement(value.isEmpty() ? "%20" : encode(value)));
        }
        variables.appendTail(path);
        List<String> query = new ArrayList<>();
        for (String param : endpoint.queryParameters()) {
            if (random.nextInt(5) != 0) { // sometimes left out, required or not
                query.add(param + "=" + encode(pick(HOSTILE)));
            }
        }
        if (random.nextInt(4) == 0) {
            query.add(encode(pick(HOSTILE)) + "=" + encode(pick(HOSTILE)));
        }
        String uri = baseUrl + path + (query.isEmpty() ? "" : "?" + String.join("&", query));
        String method = random.nextInt(10) == 0 ? pick(METHODS) : endpoint.method();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + pick(tokens));
        for (String header : endpoint.headers()) {
            if (random.nextBoolean()) {
                request.header(header, headerValue());
            }
        }
        if (random.nextInt(8) == 0) {
            request.header("MS-CorrelationId", headerValue());
        }
        byte[] body = body(endpoint.bodyType());
        String contentType = switch (random.nextInt(16)) {
            case 0 -> "text/plain";
            case 1 -> "application/xml";
            case 2 -> "application/json; charset=ISO-8859-1";
            case 3 -> "multipart/form-data"; // no boundary: unparseable as multipart
            case 4 -> "multipart/form-data; boundary=----fuzz";
            case 5 -> "application/x-www-form-urlencoded";
            case 6 -> "application/json; charset=x-no-such-charset";
            case 7 -> "application/json; charset=UTF-16";
            case 8 -> "text/xml; charset=UTF-8";
            default -> "application/json";
        };
        if (random.nextInt(8) == 0) {
            request.header("MS-RequestId", headerValue());
        }
        if (!method.equals("GET") && !method.equals("DELETE")) {
            request.header("Content-Type", contentType);
        }
        return request.method(method, method.equals("GET") || method.equals("DELETE") && body.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private String headerValue() {
        return switch (random.nextInt(6)) {
            case 0 -> "\"abc\"";
            case 1 -> "W/\"-1\"";
            case 2 -> "*";
            case 3 -> "\"99999999999999999999\"";
            case 4 -> "r".repeat(300);
            default -> "bad value with spaces";
        };
    }

    private byte[] body(Class<?> type) {
        int choice = random.nextInt(10);
        if (choice == 0) {
            return new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '{', '}'}; // invalid UTF-8
        }
        if (choice <= 3 && type != null && type.isRecord()) {
            return wrongTypedObject(type).getBytes(StandardCharsets.UTF_8);
        }
        return pick(BAD_BODIES).getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON object with every field of the request record, each of a type it cannot be. */
    private String wrongTypedObject(Class<?> type) {
        StringBuilder json = new StringBuilder("{");
        RecordComponent[] components = type.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(components[i].getName()).append("\":").append(wrongValueFor(components[i].getType()));
        }
        return json.append('}').toString();
    }

    private String wrongValueFor(Class<?> type) {
        if (type == String.class || type.isEnum() || java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return random.nextBoolean() ? "{\"nested\":[1,2]}" : "[[]]"; // neither text nor a value of it
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return random.nextBoolean() ? "\"not-a-number\"" : "{}";
        }
        if (type == Boolean.class || type == boolean.class) {
            return random.nextBoolean() ? "\"maybe\"" : "[1]";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return random.nextBoolean() ? "{\"not\":\"a list\"}" : "\"text\"";
        }
        return random.nextBoolean() ? "[1,2,3]" : "\"text\""; // an object where a record or map was expected
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Endpoint list as text, for a failure message. */
    public static String describe(Report report) {
        Set<String> lines = new TreeSet<>();
        report.findings().stream().limit(40).forEach(f -> lines.add(f.status() + " " + f.request() + " -> " + f.contentType() + " " + f.body()));
        return String.join("\n", lines);
    }
}
