package com.cspmarket.system;

import com.cspmarket.local.LocalStack;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The four services as separate JVMs, started before a test class the way the system tests start them and stopped
 * after it ({@code @RegisterExtension static final TestSystem system = ...}); and the offer the tests sell.
 */
final class TestSystem implements BeforeAllCallback, AfterAllCallback {

    private final String logs;
    private final boolean restartable;
    private Path postgresData;
    private LocalStack stack;

    private TestSystem(String logs, boolean restartable) {
        this.logs = logs;
        this.restartable = restartable;
    }

    /** A throw-away PostgreSQL cluster and an in-process broker; logs under system-tests/target/{@code logs}. */
    static TestSystem started(String logs) {
        return new TestSystem(logs, false);
    }

    /** PostgreSQL in a data directory and a broker in its own JVM, so that a test can restart either. */
    static TestSystem restartable(String logs) {
        return new TestSystem(logs, true);
    }

    static Path root() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    /** Small heaps for 2 cores, a movable business clock and a closer that looks every half second. */
    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path root = root();
        postgresData = restartable ? Files.createTempDirectory("system-postgres") : null;
        stack = LocalStack.start(new LocalStack.Options(root, 0, postgresData == null ? null : postgresData.resolve("data"),
                root.resolve("system-tests/target/" + logs),
                List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"),
                Map.of("platform.clock.movable", "true", "billing.closer.interval", "PT0.5S")), restartable);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (stack != null) {
            stack.close();
        }
        if (postgresData != null) {
            try (Stream<Path> files = Files.walk(postgresData)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    LocalStack stack() {
        return stack;
    }

    /** A token of the platform operator, signed by the stack's identity provider. */
    String operator() {
        return stack.tokens().operator();
    }

    String url(LocalStack.Service service, String path) {
        return stack.url(service) + path;
    }

    /** The catalog's business date (UTC), from its clock. */
    java.time.LocalDate catalogToday() {
        return java.time.LocalDate.ofInstant(java.time.Instant.parse(Http.get(operator(),
                url(LocalStack.Service.CATALOG, "/admin/clock")).body().path("now").asText()), java.time.ZoneOffset.UTC);
    }

    /**
     * Moves every service's business clock to the instant {@code to} computes from the current business time (the
     * latest of the four), with retries while a service is restarting; returns the month of the new business time.
     */
    java.time.YearMonth moveAllClocks(java.util.function.UnaryOperator<java.time.Instant> to) {
        java.time.Instant now = java.util.Arrays.stream(LocalStack.Service.values())
                .map(service -> java.time.Instant.parse(Http.get(operator(), url(service, "/admin/clock")).body()
                        .path("now").asText()))
                .max(java.util.Comparator.naturalOrder()).orElseThrow();
        java.time.Instant target = to.apply(now);
        for (LocalStack.Service service : LocalStack.Service.values()) {
            Http.Response moved = Http.put(operator(), url(service, "/admin/clock"), "{\"now\":\"" + target + "\"}");
            if (moved.status() != 200) {
                throw new AssertionError("moving the clock of " + service + " to " + target + ": " + moved.status()
                        + " " + moved.body());
            }
        }
        return java.time.YearMonth.from(target.atZone(java.time.ZoneOffset.UTC));
    }

    /**
     * A SaaS offer sold in the US, one monthly SKU "std" at USD 12.50 from {@code pricedFrom} (the catalog's business
     * date or later: a publication is never back-dated).
     */
    static String monthlyOffer(String offerId, String name, int maxQuantity, java.time.LocalDate pricedFrom) {
        return """
                {"offerId":"%s","name":"%s","description":"Test offer",
                 "publisher":{"publisherId":"tests","name":"Tests Ltd","supportEmail":"help@tests.example"},
                 "offerType":"SAAS","offeredToCspPartners":true,"categories":["Operations"],"countries":["US"],
                 "skus":[{"skuId":"std","name":"Standard","term":"P1M","billingCycle":"MONTHLY","minQuantity":1,
                          "maxQuantity":%d,"prices":[{"market":"US","unitPrice":"12.50","currency":"USD",
                          "effectiveFrom":"%s"}]}]}
                """.formatted(offerId, name, maxQuantity, pricedFrom);
    }
}
