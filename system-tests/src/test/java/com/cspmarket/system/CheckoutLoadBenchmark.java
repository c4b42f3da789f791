package com.cspmarket.system;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Topics;
import com.cspmarket.events.order.OrderPlaced;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.local.DevTokens;
import com.cspmarket.local.LocalStack;
import com.cspmarket.local.LocalStack.Service;
import com.cspmarket.local.TopicRecorder;
import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionTimeoutException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/**
 * End-to-end load through the four services, each its own JVM, over real Kafka and PostgreSQL (see BENCHMARKS.md):
 * {@code clients} partner users check out carts for {@code seconds}; reported are checkouts per second, the
 * checkout request's latency, the end-to-end latency from the start of a checkout until the subscription service
 * has published the order's subscription (order -> Kafka -> subscription -> Kafka), how long the four services take
 * to settle after the last checkout (orders completed, purchases recorded in billing), and then the projection
 * replay rate (every read model of the four services rebuilt from its event store).
 * Run with {@code bench/checkout-load}. Options: -Dclients=N -Dseconds=N -Drate=N (checkouts started per
 * second by all clients together, paced; 0, the default, as fast as the clients go). The end-to-end latency is also
 * split at order-service's publication of the order (checkout start -> OrderPlaced on Kafka), over time (per 5 s of
 * the window) and for the slowest orders by hop; "settled" also from the stores' own time stamps.
 * The window begins after at least -Dwarmup=N seconds of load (15) and once the JIT compilers of all JVMs used less
 * than -Dwarmup.jit=PCT % of the cores over 10 s (5; 100 for no such wait), at most -Dwarmup.max=N seconds (300):
 * the JVMs compile their hot code for a minute or two under load, which took a third of these two cores; during the
 * warm-up at most -Dwarmup.clients=N (2) of the clients check out at once, so that the compilers are not starved.
 * -Dinstances=N starts N JVMs of every service and sends every request through the gateway, which balances across
 * them; -Dgateway=true does that with one instance too (the figure to compare N instances with).
 * -Dsvc.NAME=VALUE starts the services with Spring property NAME=VALUE (e.g. -Dsvc.platform.processing.segments=1).
 * <p>For a figure that survives a noisy machine it also reports PostgreSQL's commits per checkout (pg_stat_database
 * over the four services' databases, during the measured window) and a baseline measured on the same PostgreSQL in
 * the same run just before the load: single-row inserts of 600 bytes, one per transaction, on one connection; the
 * ratio of checkouts/s to that rate compares runs on differently loaded machines. And the CPU time each component
 * used during the measured window ({@link CpuBreakdown}), per checkout: where a checkout's CPU goes; and the
 * machine's context switches per checkout.
 * -Djvm=OPTIONS adds JVM options (space-separated) to every service JVM, e.g. -Djvm=-XX:+UseParallelGC.
 * Every service JVM logs its collections' pauses ({@link GcPauses}, in bench-logs/gc-PID.log): the benchmark prints
 * the pauses inside the window per service, the pauses each of the slowest orders met on its way, and the end-to-end
 * latency of the orders during which order-service or subscription-service was stopped against that of the others.
 * -Dstatements=N loads pg_stat_statements into the PostgreSQL server and prints the N statements the services called
 * most during the measured window, per checkout ({@link StatementStats}).
 * -Dcds=true runs every application as ./run-local does, from its extracted jar with the class-data-sharing archive
 * (on Java 25 or later, -Dcsp.java.home, the AOT cache) that a first start and stop of the whole stack records.
 */
public final class CheckoutLoadBenchmark {

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("clients", 8);
        int seconds = Integer.getInteger("seconds", 60);
        int warmup = Integer.getInteger("warmup", 15);
        double rate = Double.parseDouble(System.getProperty("rate", "0"));
        int instances = Integer.getInteger("instances", 1);
        boolean viaGateway = instances > 1 || Boolean.getBoolean("gateway");
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        if (Integer.getInteger("statements", 0) > 0) {
            System.setProperty(com.cspmarket.local.LocalPostgres.STATEMENTS, "true");
        }
        boolean cds = Boolean.getBoolean("cds");
        Path logs = root.resolve("system-tests/target/bench-logs");
        GcPauses.clear(logs);
        List<String> jvm = new ArrayList<>(LocalStack.serviceJvmOptions());
        jvm.add(GcPauses.jvmOption(logs)); // every pause on the wall clock, to lay beside the slow orders
        if (cds) {
            // a first start that writes each application's archive (or AOT cache) when it stops, as ./run-local's first run
            long t0 = System.nanoTime();
            LocalStack.start(new LocalStack.Options(root, 0, null, logs, jvm, serviceProperties(), instances, true)).close();
            GcPauses.clear(logs);
            System.out.printf("a first start recorded the archives in %.0f s (started and stopped)%n", (System.nanoTime() - t0) / 1e9);
        }
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(root, 0, null, logs, jvm, serviceProperties(),
                instances, cds))) {
            System.out.printf("%d instance(s) per service, requests %s%n", instances,
                    viaGateway ? "through the gateway" : "straight to the services");
            new CheckoutLoadBenchmark(stack, viaGateway, logs).run(clients, seconds, warmup, rate);
        }
        System.exit(0);
    }


    /**
     * What every service is started with: the operator endpoints on, no rate limit at the gateway, and every system
     * property {@code svc.<name>} as Spring property {@code <name>} (e.g. -Dsvc.platform.events.notify=false).
     */
    static Map<String, String> serviceProperties() {
        Map<String, String> properties = new java.util.LinkedHashMap<>(Map.of("platform.admin.enabled", "true",
                "gateway.requests-per-minute", "100000000"));
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("svc."))
                .forEach(name -> properties.put(name.substring("svc.".length()), System.getProperty(name)));
        if (!properties.isEmpty()) {
            System.out.println("service properties: " + properties);
        }
        return properties;
    }

    private final LocalStack stack;
    private final String partner = "partner-load";
    private final String agent;
    private final String operator;

    private final boolean viaGateway;
    private final Path gcLogs;

    private CheckoutLoadBenchmark(LocalStack stack, boolean viaGateway, Path gcLogs) {
        this.stack = stack;
        this.viaGateway = viaGateway;
        this.gcLogs = gcLogs;
        this.agent = stack.tokens().partnerUser(partner, DevTokens.ADMIN_AGENT, DevTokens.SALES_AGENT);
        this.operator = stack.tokens().operator();
    }

    private String url(Service service, String path) {
        if (!viaGateway) {
            return stack.url(service) + path;
        }
        return stack.gatewayUrl() + (path.startsWith("/admin/")
                ? "/admin/" + service.routeName() + path.substring("/admin".length()) : path);
    }

    void run(int clients, int seconds, int warmup, double rate) throws Exception {
        String offerId = "load.offer-" + UUID.randomUUID().toString().substring(0, 6);
        require(Http.post(operator, url(Service.CATALOG, "/v1/offers"),
                TestSystem.monthlyOffer(offerId, "Load Test Suite", 1000,
                        java.time.LocalDate.now(java.time.ZoneOffset.UTC))), 201);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            customers.add(require(Http.post(agent, url(Service.ORDER, "/v1/customers"),
                    "{\"billingProfile\":{\"companyName\":\"Customer " + i + "\",\"defaultAddress\":{\"country\":\"US\"}}}"), 201).path("id").asText());
        }
        String line = "{\"lineItems\":[{\"catalogItemId\":\"" + offerId + ":std:US\",\"quantity\":3}]}";
        await("the offer reaching order-service").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> Http.get(agent, url(Service.ORDER, "/v1/customers/" + customers.get(0)
                        + "/eligibility?offerId=" + offerId + "&skuId=std")).body().path("eligible").asBoolean());

        double rawInserts = rawInsertRate(Duration.ofSeconds(5));
        System.out.printf("baseline: %.0f raw single-row inserts/s (600 bytes, a transaction each, one connection)%n",
                rawInserts);

        Map<String, Long> checkoutStartMillis = new ConcurrentHashMap<>();
        Map<String, Long> checkoutEndMillis = new ConcurrentHashMap<>();
        AtomicLong lastCheckoutMillis = new AtomicLong();
        List<Long> checkoutNanos = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger measured = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        // set when the warm-up ends: the measured window's start and end (no checkout is measured or started before)
        AtomicLong measureFromAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong endAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong slots = new AtomicLong();
        double jitLimit = Double.parseDouble(System.getProperty("warmup.jit", "5"));
        int warmupMax = Integer.getInteger("warmup.max", 300);
        // during the warm-up at most this many clients check out at once, so that the JIT compilers get their share
        // of the cores: under saturation they wait among twenty busy threads and are still compiling minutes later
        int warmupClients = Math.min(clients, Integer.getInteger("warmup.clients", 2));
        java.util.concurrent.Semaphore warmingUp = new java.util.concurrent.Semaphore(warmupClients);
        System.out.printf("load: %d clients (%d at once during the warm-up), warm-up %s, %d s measured, %s%n", clients,
                warmupClients, jitLimit >= 100 ? warmup + " s"
                        : "at least " + warmup + " s and until the JVMs' JIT compilers use less than " + jitLimit
                        + " % of the cores over 10 s (at most " + warmupMax + " s)", seconds,
                rate > 0 ? "paced at " + rate + " checkouts/s" : "unpaced");
        try (TopicRecorder subscriptions = new TopicRecorder(stack.kafka().bootstrapServers(), Topics.SUBSCRIPTIONS);
             TopicRecorder orders = new TopicRecorder(stack.kafka().bootstrapServers(), Topics.ORDERS)) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    boolean held = false;
                    try {
                        while (System.nanoTime() < endAt.get()) {
                            if (held) {
                                warmingUp.release();
                                held = false;
                            }
                            if (System.nanoTime() < measureFromAt.get()) {
                                warmingUp.acquire();
                                held = true;
                            }
                            if (rate > 0) { // the next checkout's start on a fixed schedule shared by all clients
                                long due = start + (long) (slots.getAndIncrement() * 1e9 / rate);
                                while (System.nanoTime() < due) {
                                    LockSupport.parkNanos(due - System.nanoTime());
                                }
                            }
                            String customer = customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
                            long t0 = System.nanoTime();
                            long wall = System.currentTimeMillis();
                            Http.Response cart = Http.post(agent, url(Service.ORDER, "/v1/customers/" + customer + "/carts"), line);
                            Http.Response checkout = cart.status() != 201 ? cart : Http.post(agent, url(Service.ORDER,
                                    "/v1/customers/" + customer + "/carts/" + cart.body().path("id").asText() + "/checkout"), "");
                            long took = System.nanoTime() - t0;
                            long returned = System.currentTimeMillis();
                            lastCheckoutMillis.accumulateAndGet(returned, Math::max);
                            if (checkout.status() != 201) {
                                failed.incrementAndGet();
                                continue;
                            }
                            if (t0 >= measureFromAt.get()) {
                                checkoutNanos.add(took);
                                measured.incrementAndGet();
                                String orderId = checkout.body().path("orders").get(0).path("id").asText();
                                checkoutStartMillis.put(orderId, wall);
                                checkoutEndMillis.put(orderId, returned);
                            }
                        }
                    } finally {
                        if (held) {
                            warmingUp.release();
                        }
                    }
                    return null;
                });
            }
            pool.shutdown();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(warmup));
            warmUntilCompiled(jitLimit, start + TimeUnit.SECONDS.toNanos(warmupMax));
            long measureFrom = System.nanoTime();
            endAt.set(measureFrom + TimeUnit.SECONDS.toNanos(seconds));
            measureFromAt.set(measureFrom);
            warmingUp.release(clients); // the clients waiting for their turn go on at once
            System.out.printf("warm-up: %.0f s%n", (measureFrom - start) / 1e9);
            StatementStats statements = new StatementStats(stack.postgres(),
                    java.util.Arrays.stream(Service.values()).map(Service::database).toList());
            if (Integer.getInteger("statements", 0) > 0) {
                statements.reset();
            }
            Map<String, Long> commitsBefore = commitsByDatabase();
            long switchesBefore = contextSwitches();
            CpuBreakdown cpuBefore = CpuBreakdown.snapshot();
            long windowStart = System.nanoTime();
            long windowStartWall = System.currentTimeMillis();
            pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
            long lastCheckout = System.nanoTime();
            long windowEndWall = System.currentTimeMillis();
            CpuBreakdown cpuAfter = CpuBreakdown.snapshot();
            Map<String, Double> cpu = cpuAfter.since(cpuBefore);
            Map<String, Long> commitsAfter = commitsByDatabase();
            long switchesDuring = contextSwitches() - switchesBefore;
            long commitsDuring = commitsAfter.entrySet().stream()
                    .mapToLong(e -> e.getValue() - commitsBefore.getOrDefault(e.getKey(), 0L)).sum();
            double perSecond = measured.get() / (double) seconds;
            System.out.printf("checkouts: %d in %d s = %.1f /s (cart + checkout, %d failed)%n", measured.get(), seconds,
                    perSecond, failed.get());
            System.out.printf("PostgreSQL commits during the measured window: %d = %.1f per checkout (%s)%n", commitsDuring,
                    commitsDuring / (double) Math.max(1, measured.get()), commitsAfter.entrySet().stream()
                            .map(e -> "%s %.1f".formatted(e.getKey(), (e.getValue() - commitsBefore.getOrDefault(e.getKey(), 0L))
                                    / (double) Math.max(1, measured.get())))
                            .collect(java.util.stream.Collectors.joining(", ")));
            System.out.printf("context switches of the machine during the window: %d = %.0f per checkout (/proc/stat ctxt)%n",
                    switchesDuring, switchesDuring / (double) Math.max(1, measured.get()));
            System.out.printf("checkouts/s per 1,000 raw inserts/s (noise-independent figure): %.2f%n",
                    perSecond * 1000 / rawInserts);
            System.out.println("checkout request (cart + checkout) latency: " + percentiles(checkoutNanos));
            System.out.print(CpuBreakdown.table(cpu, cpuAfter.jitSince(cpuBefore), cpuAfter.waitSince(cpuBefore), Duration.ofNanos(lastCheckout - windowStart), measured.get()));
            System.out.print(cpuAfter.threadGroupsSince(cpuBefore, 15));
            if (Integer.getInteger("statements", 0) > 0) {
                System.out.print(statements.table(Integer.getInteger("statements"), Math.max(1, measured.get())));
            }

            Map<String, Long> orderPublished = awaitPublished(orders, checkoutStartMillis, Duration.ofMinutes(2),
                    e -> e instanceof OrderPlaced o ? o.orderId() : null);
            List<Long> toOrderPublished = sinceCheckout(checkoutStartMillis, orderPublished);
            System.out.printf("checkout start -> order published: %s%n", percentiles(toOrderPublished));
            // end to end: checkout start -> the subscription service published the order's subscription
            Map<String, Long> subscriptionPublished = awaitPublished(subscriptions, checkoutStartMillis,
                    Duration.ofMinutes(5), e -> e instanceof SubscriptionPurchased p ? p.orderId() : null);
            List<Long> endToEnd = sinceCheckout(checkoutStartMillis, subscriptionPublished);
            System.out.printf("end to end (checkout start -> subscription published), %d of %d orders: %s%n",
                    endToEnd.size(), checkoutStartMillis.size(), percentiles(endToEnd));
            long expectedPurchases = count(Service.SUBSCRIPTION, "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%SubscriptionPurchased'");
            await("every order completed and every purchase recorded in billing").atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> count(Service.BILLING, "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%PurchaseRecorded'") >= expectedPurchases
                            && count(Service.ORDER, "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%OrderCompleted'")
                            >= count(Service.ORDER, "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%OrderPlaced'"));
            System.out.printf("settled (every order completed, every purchase recorded in billing) %.1f s after the last checkout%n",
                    (System.nanoTime() - lastCheckout) / 1e9);
            // the same from the stores' own time stamps, without this driver's polling and reporting in between
            long lastPurchase = lastEventMillis(Service.BILLING, "PurchaseRecorded");
            long lastCompleted = lastEventMillis(Service.ORDER, "OrderCompleted");
            System.out.printf("settled by the stores' time stamps: %d ms after the last checkout returned (the last purchase recorded in billing %d ms, the last order completed %d ms)%n",
                    Math.max(lastPurchase, lastCompleted) - lastCheckoutMillis.get(),
                    lastPurchase - lastCheckoutMillis.get(), lastCompleted - lastCheckoutMillis.get());
            GcPauses pauses = GcPauses.read(gcLogs);
            slowest(orderPublished, subscriptionPublished, checkoutStartMillis, checkoutEndMillis, measureFrom, 5, pauses);
            System.out.print(pauses.table(windowStartWall, windowEndWall));
            byPause(checkoutStartMillis, subscriptionPublished, pauses);
            // the machine is shared: its speed can change within a run, which the baseline before the load misses
            double rawInsertsAfter = rawInsertRate(Duration.ofSeconds(5));
            System.out.printf("baseline again once everything settled: %.0f raw inserts/s (%.0f before the load);"
                            + " checkouts/s per 1,000 raw inserts/s of the two's mean: %.2f%n", rawInsertsAfter, rawInserts,
                    perSecond * 1000 / ((rawInserts + rawInsertsAfter) / 2));
        }
        replay(Service.ORDER);
        replay(Service.SUBSCRIPTION);
        replay(Service.BILLING);
        replay(Service.CATALOG);
    }

    /** Rebuilds each read model of a service by replay and reports events per second. */
    private void replay(Service service) throws Exception {
        long events = count(service, "SELECT count(*) FROM domain_event_entry");
        for (JsonNode processor : require(Http.get(operator, url(service, "/admin/projections")), 200)) {
            String name = processor.path("name").asText();
            if (name.equals("integration-publisher")) {
                continue;
            }
            long head = processor.path("head").asLong();
            long t0 = System.nanoTime();
            Http.Response rebuild = Http.post(operator, url(service, "/admin/projections/" + name + "/rebuild"), "");
            if (rebuild.status() != 200) { // 200: a subscribing processor, rebuilt within the request
                require(rebuild, 202);
            }
            if (rebuild.status() == 202) { // a tracking processor, replaying in the background
                await(name + " replayed").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    JsonNode status = Http.get(operator, url(service, "/admin/projections/" + name)).body();
                    return status.path("running").asBoolean() && status.path("position").asLong() >= head;
                });
            }
            double took = (System.nanoTime() - t0) / 1e9;
            System.out.printf("replay %s/%s (%s): %d events in %.2f s = %.0f events/s%n", service.module(), name,
                    processor.path("mode").asText(), events, took, events / took);
        }
    }

    /**
     * When each measured order's record first appeared on a topic (the record's timestamp), once every measured order
     * has one there or {@code atMost} has passed (then those that arrived).
     */
    private static Map<String, Long> awaitPublished(TopicRecorder topic, Map<String, Long> checkoutStartMillis,
                                                    Duration atMost, Function<IntegrationEvent, String> orderIdOf) {
        java.util.concurrent.atomic.AtomicReference<Map<String, Long>> published = new java.util.concurrent.atomic.AtomicReference<>(Map.of());
        try {
            await().atMost(atMost).pollDelay(Duration.ZERO).pollInSameThread().until(() -> {
                published.set(publishedAt(topic, orderIdOf));
                return published.get().keySet().containsAll(checkoutStartMillis.keySet());
            });
        } catch (ConditionTimeoutException e) {
            // reported as "n of m orders"
        }
        return published.get();
    }

    /** From each measured checkout's start to its order's record on the topic, for those that have one. */
    private static List<Long> sinceCheckout(Map<String, Long> checkoutStartMillis, Map<String, Long> published) {
        List<Long> latencies = new ArrayList<>();
        checkoutStartMillis.forEach((order, began) -> {
            Long at = published.get(order);
            if (at != null) {
                latencies.add(TimeUnit.MILLISECONDS.toNanos(at - began));
            }
        });
        return latencies;
    }

    /**
     * Waits, under load, until the JIT compilers of every JVM on the machine together used less than {@code percent} of
     * the cores over 10 s, or until {@code deadline}: a JVM compiles its hot code for a minute or two after it starts
     * taking load, and on two cores that took a third of the machine (BENCHMARKS.md), so a window that begins earlier
     * measures the compilers as much as the services.
     */
    private static void warmUntilCompiled(double percent, long deadline) {
        if (percent >= 100) {
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        while (System.nanoTime() < deadline) {
            CpuBreakdown before = CpuBreakdown.snapshot();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10));
            double share = 100 * CpuBreakdown.snapshot().jitSecondsSince(before) / (10.0 * cores);
            System.out.printf("warm-up: the JIT compilers used %.1f %% of the cores over the last 10 s%n", share);
            if (share < percent) {
                return;
            }
        }
    }

    /** When the service's store recorded its last event of the given type (the event's own time stamp). */
    private long lastEventMillis(Service service, String type) throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl(service.database()),
                stack.postgres().username(), stack.postgres().password());
             java.sql.PreparedStatement query = c.prepareStatement("SELECT max(CAST(time_stamp AS timestamptz)) FROM domain_event_entry WHERE payload_type LIKE ?")) {
            query.setString(1, "%" + type);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).getTime();
            }
        }
    }

    /**
     * The slowest orders end to end, each split where its time went: the checkout request (cart + checkout), from
     * the checkout's answer to the order on Kafka, and from there to its subscription on Kafka; with the moment the
     * checkout began within the measured window, to tell a stall of everything from a slow straggler.
     */
    private static void slowest(Map<String, Long> orderPublished, Map<String, Long> subscriptionPublished,
                                Map<String, Long> startMillis, Map<String, Long> endMillis, long measureFromNanos, int n,
                                GcPauses pauses) {
        long windowStartMillis = System.currentTimeMillis() - (System.nanoTime() - measureFromNanos) / 1_000_000;
        startMillis.entrySet().stream().filter(e -> subscriptionPublished.containsKey(e.getKey()))
                .sorted(java.util.Comparator.comparingLong((Map.Entry<String, Long> e) ->
                        subscriptionPublished.get(e.getKey()) - e.getValue()).reversed())
                .limit(n).forEach(e -> {
                    String order = e.getKey();
                    long began = e.getValue();
                    long answered = endMillis.get(order);
                    long onKafka = orderPublished.getOrDefault(order, answered);
                    long subscribed = subscriptionPublished.get(order);
                    String paused = pauses.during(began, subscribed, ON_THE_WAY).stream()
                            .map(p -> "%s %s %.0f ms at +%.0f ms".formatted(p.component(), p.kind().toLowerCase(),
                                    p.millis(), p.startMillis() - began))
                            .collect(java.util.stream.Collectors.joining(", "));
                    System.out.printf("slow: order at +%.1f s of the window: %d ms end to end = checkout %d ms"
                                    + " + to the order on Kafka %d ms + to its subscription on Kafka %d ms; GC pauses on its way: %s%n",
                            (began - windowStartMillis) / 1e3, subscribed - began, answered - began, onKafka - answered,
                            subscribed - onKafka, paused.isEmpty() ? "none" : paused);
                });
        // the same over time: a backlog left by the warm-up shows in the first slices, a stall in one of them
        Map<Long, List<Long>> bySlice = new java.util.TreeMap<>();
        startMillis.forEach((order, began) -> {
            Long subscribed = subscriptionPublished.get(order);
            if (subscribed != null) {
                bySlice.computeIfAbsent(Math.max(0, began - windowStartMillis) / 5_000, k -> new ArrayList<>())
                        .add(TimeUnit.MILLISECONDS.toNanos(subscribed - began));
            }
        });
        bySlice.forEach((slice, latencies) -> System.out.printf("end to end of the checkouts begun %d-%d s into the window: %s%n",
                slice * 5, slice * 5 + 5, percentiles(latencies)));
    }

    /** The services an order passes through until its subscription is on Kafka. */
    private static final List<String> ON_THE_WAY = List.of("order-service", "subscription-service");

    /**
     * The end-to-end latency of the orders during which a service on their way (order-service, subscription-service)
     * was stopped for a collection, and of the others: how much of the tail the collectors make.
     */
    private static void byPause(Map<String, Long> startMillis, Map<String, Long> subscriptionPublished, GcPauses pauses) {
        List<Long> hit = new ArrayList<>();
        List<Long> clear = new ArrayList<>();
        startMillis.forEach((order, began) -> {
            Long subscribed = subscriptionPublished.get(order);
            if (subscribed != null) {
                (pauses.during(began, subscribed, ON_THE_WAY).isEmpty() ? clear : hit)
                        .add(TimeUnit.MILLISECONDS.toNanos(subscribed - began));
            }
        });
        System.out.printf("end to end of the %d orders (%.1f %%) during which order-service or subscription-service"
                        + " paused for GC: %s%n", hit.size(), 100.0 * hit.size() / Math.max(1, hit.size() + clear.size()),
                percentiles(hit));
        System.out.printf("end to end of the other %d orders: %s%n", clear.size(), percentiles(clear));
    }

    /** When each order's first record appeared on the topic (a record published again keeps the first time). */
    private static Map<String, Long> publishedAt(TopicRecorder topic, Function<IntegrationEvent, String> orderIdOf) {
        Map<String, Long> at = new java.util.HashMap<>();
        for (var record : topic.records()) {
            EventCodec.decode(record.value()).map(e -> orderIdOf.apply(e.payload()))
                    .ifPresent(order -> at.putIfAbsent(order, record.timestamp()));
        }
        return at;
    }

    /**
     * Committed transactions so far per service database (PostgreSQL's statistics, which each backend reports within
     * about a second of going idle; a statement outside a transaction counts as one).
     */
    private Map<String, Long> commitsByDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl("postgres"),
                stack.postgres().username(), stack.postgres().password());
             java.sql.PreparedStatement query = c.prepareStatement(
                     "SELECT datname, xact_commit FROM pg_stat_database WHERE datname = ANY (?) ORDER BY datname")) {
            query.setArray(1, c.createArrayOf("text", java.util.Arrays.stream(Service.values())
                    .map(Service::database).toArray()));
            Map<String, Long> commits = new java.util.TreeMap<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    commits.put(rs.getString(1), rs.getLong(2));
                }
            }
            return commits;
        }
    }

    /**
     * The machine's context switches since boot ({@code ctxt} of /proc/stat): each round trip between two processes
     * costs a few, and on this virtual machine each one also goes through the hypervisor.
     */
    private static long contextSwitches() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(Path.of("/proc/stat")).stream()
                .filter(line -> line.startsWith("ctxt "))
                .mapToLong(line -> Long.parseLong(line.substring(5).trim()))
                .findFirst().orElse(0);
    }

    /** The baseline: single-row inserts per second, each its own transaction, on one connection. */
    private double rawInsertRate(Duration during) throws SQLException {
        String url = stack.postgres().createDatabase("bench_baseline");
        try (Connection c = DriverManager.getConnection(url, stack.postgres().username(), stack.postgres().password())) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS raw_insert (id bigserial PRIMARY KEY, payload text NOT NULL)");
            try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO raw_insert (payload) VALUES (?)")) {
                insert.setString(1, "x".repeat(600));
                long inserted = 0;
                long t0 = System.nanoTime();
                long until = t0 + during.toNanos();
                while (System.nanoTime() < until) {
                    insert.executeUpdate();
                    inserted++;
                }
                return inserted / ((System.nanoTime() - t0) / 1e9);
            }
        }
    }

    private long count(Service service, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl(service.database()),
                stack.postgres().username(), stack.postgres().password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static JsonNode require(Http.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    static String percentiles(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "no samples";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)".formatted(at(sorted, 0.50), at(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1e6, sorted.size());
    }

    private static double at(List<Long> sorted, double quantile) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }
}
