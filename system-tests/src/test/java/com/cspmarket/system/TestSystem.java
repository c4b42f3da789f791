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
 * The four services and the API gateway as separate JVMs, the way the system tests start them (every request goes
 * through the gateway), once for all system test classes of a
 * run ({@code @RegisterExtension static final TestSystem system = TestSystem.shared();}): PostgreSQL in a data
 * directory and the Kafka broker in its own JVM, so that a test can restart either. Starting five JVMs is the largest
 * fixed cost of the system tests; every test makes its own partners and moves business time only forward, so they
 * share one stack. Stopped when the whole run ends. Also: the offer the tests sell.
 */
final class TestSystem implements BeforeAllCallback {

    private LocalStack stack;
    private final int instances;

    private TestSystem(int instances) {
        this.instances = instances;
    }

    /** The stack every system test class of this run shares; logs under system-tests/target/system-logs. */
    static TestSystem shared() {
        return new TestSystem(Integer.getInteger("csp.instances", 1));
    }

    /**
     * A second stack, with {@code instances} JVMs of every service behind the gateway, for the classes that test
     * scale-out; started once, by the first such class, beside the shared one; logs under
     * system-tests/target/system-logs-scaled.
     */
    static TestSystem scaledOut(int instances) {
        return new TestSystem(instances);
    }

    static Path root() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Object key = instances == Integer.getInteger("csp.instances", 1) ? Shared.class : "scaled-out-" + instances;
        stack = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(key, k -> Shared.start(instances, k == Shared.class ? "system-logs"
                        : "system-logs-scaled"), Shared.class).stack;
    }

    /**
     * Small heaps for 2 cores, a movable business clock, a closer that looks every half second, spans exported to the
     * {@link TraceCollector}.
     */
    private record Shared(LocalStack stack, Path postgresData) implements ExtensionContext.Store.CloseableResource {

        static Shared start(int instances, String logs) {
            try {
                Path root = root();
                Path postgresData = Files.createTempDirectory("system-postgres");
                LocalStack stack = LocalStack.start(new LocalStack.Options(root, 0, postgresData.resolve("data"),
                        root.resolve("system-tests/target/" + logs),
                        List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"),
                        Map.of("platform.clock.movable", "true", "billing.closer.interval", "PT0.5S",
                                // the operator's page in the portal shows the projections' status
                                "platform.admin.enabled", "true",
                                // the gateway's rate limit is GatewayIT's subject; here it must not refuse the load
                                "gateway.requests-per-minute", "1000000",
                                // every span of the gateway and the services goes to the run's OTLP receiver
                                "management.otlp.tracing.export.enabled", "true",
                                "management.otlp.tracing.endpoint", TraceCollector.shared().endpoint(),
                                "management.tracing.opentelemetry.export.schedule-delay", "200ms"),
                        // JVMs per service behind the gateway (-Dcsp.instances for the shared stack)
                        instances), true);
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

    /** The spans the stack's applications exported (every system test stack exports to the same receiver). */
    TraceCollector traces() {
        return TraceCollector.shared();
    }

    /** A token of the platform operator, signed by the stack's identity provider. */
    String operator() {
        return stack.tokens().operator();
    }

    /**
     * Where a test sends a request for {@code service}'s {@code path}: through the gateway, the one public base URL
     * (an operator endpoint of one service as {@code /admin/{service}/...}; the business clock at the gateway, which
     * moves every service's).
     */
    String url(LocalStack.Service service, String path) {
        if (path.startsWith("/admin/") && !path.startsWith("/admin/clock")) {
            return stack.gatewayUrl() + "/admin/" + service.routeName() + path.substring("/admin".length());
        }
        return stack.gatewayUrl() + path;
    }

    /** The service itself, behind the gateway (for what a test must see of one service alone). */
    String direct(LocalStack.Service service, String path) {
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
        Http.Response clocks = Http.get(operator(), stack.gatewayUrl() + "/admin/clock");
        if (clocks.status() != 200) {
            throw new AssertionError("reading the business clock: " + clocks.status() + " " + clocks.body());
        }
        java.time.Instant target = to.apply(java.time.Instant.parse(clocks.body().path("now").asText()));
        Http.Response moved = Http.put(operator(), stack.gatewayUrl() + "/admin/clock", "{\"now\":\"" + target + "\"}");
        if (moved.status() != 200) {
            throw new AssertionError("moving the business clock to " + target + ": " + moved.status() + " " + moved.body());
        }
        return java.time.YearMonth.from(target.atZone(java.time.ZoneOffset.UTC));
    }

    /**
     * Business time on every service: 09:00 UTC on the 10th of the month after the current one, so that no month ends
     * between what a test does on one service's clock and what it reads on another's; returns that month.
     */
    java.time.YearMonth pinMidNextMonth() {
        return moveAllClocks(start -> java.time.YearMonth.from(start.atZone(java.time.ZoneOffset.UTC)).plusMonths(1)
                .atDay(10).atTime(9, 0).toInstant(java.time.ZoneOffset.UTC));
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
