package com.cspmarket.system;

import com.cspmarket.local.LocalStack;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The four services as separate JVMs, the way the system tests start them, once for all system test classes of a
 * run ({@code @RegisterExtension static final TestSystem system = TestSystem.shared();}): PostgreSQL in a data
 * directory and the Kafka broker in its own JVM, so that a test can restart either. Starting five JVMs is the largest
 * fixed cost of the system tests; every test makes its own partners and moves business time only forward, so they
 * share one stack. Stopped when the whole run ends. Also: the offer the tests sell.
 */
final class TestSystem implements BeforeAllCallback {

    private LocalStack stack;

    private TestSystem() {
    }

    /** The stack every system test class of this run shares; logs under system-tests/target/system-logs. */
    static TestSystem shared() {
        return new TestSystem();
    }

    static Path root() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Shared.class, key -> Shared.start(), Shared.class).stack;
    }

    /** Small heaps for 2 cores, a movable business clock and a closer that looks every half second. */
    private record Shared(LocalStack stack, Path postgresData) implements ExtensionContext.Store.CloseableResource {

        static Shared start() {
            try {
                Path root = root();
                Path postgresData = Files.createTempDirectory("system-postgres");
                LocalStack stack = LocalStack.start(new LocalStack.Options(root, 0, postgresData.resolve("data"),
                        root.resolve("system-tests/target/system-logs"),
                        List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"),
                        Map.of("platform.clock.movable", "true", "billing.closer.interval", "PT0.5S")), true);
                return new Shared(stack, postgresData);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            stack.close();
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
