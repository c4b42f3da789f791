package com.cspmarket.system;

import com.cspmarket.local.DevTokens;
import com.cspmarket.local.LocalStack;
import com.cspmarket.local.LocalStack.Service;
import com.cspmarket.local.ServiceProcess;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.cspmarket.system.CheckoutLoadBenchmark.require;
import static org.awaitility.Awaitility.await;

/**
 * Projection replay at scale (issue 20, point 3): every read model of the four services rebuilt from an event store
 * of {@code events} events (default 100,000), so that the figure is the replay's steady rate and not a processor's
 * restart. Run with {@code bench/replay}. Options: -Devents=N -Dcatalog.events=N (a tenth of events: every catalog
 * event is an offer of its own, the heaviest to project) -Dcheckouts=N (the seed) -Dsvc.NAME=VALUE.
 * <p>
 * The stores are filled from a seed the services recorded themselves: {@code checkouts} checkouts through the four
 * services (and an offer), {@code -Dactivated=PCT} percent of their subscriptions (default 50) activated through
 * their activation links, then each service is stopped and its store is copied onto itself until it holds
 * {@code events} events. A copy gives every UUID in the events (aggregate, event, order, cart, customer,
 * subscription, charge ids ...) a new one of its own ({@code nameUUIDFromBytes(copy + uuid)}, the same in every event of
 * the copy, so references between events stay intact) and every other aggregate identifier (an offer's) a suffix -c<copy>; a copy is a
 * second, independent set of customers, orders and subscriptions. The copies follow one another
 * ({@code -Dlayout=copies}, the default: an aggregate's events as close together as in the seed), or each seed event's
 * copies follow one another ({@code -Dlayout=interleaved}: an aggregate's events thousands apart, as in a store
 * written over months, so a projection that reads a row before changing it finds it in no batch before). The copies are spread over {@code -Dpartners=N}
 * partners (default 20): copy {@code c} belongs to partner {@code c mod N}, the seed's own partner or
 * {@code partner-replay-p<i>} (the partner's id renamed wherever it stands in the copy's events), as a platform's store
 * holds many partners' events; billing's projection handles one partner's events in one segment, so with one partner
 * ({@code -Dpartners=1}) its rebuild is one worker's. The processors' tokens are then set to the new head
 * (nothing is published again) and each service is started again. Per projection the benchmark prints events per
 * second of a rebuild (from the request until the processor's position reaches the head) and, as the baseline of the
 * same run, the rate at which one JDBC connection reads the same store (every column, in order, 1,000 rows a fetch),
 * with the ratio of the two. Each projection is rebuilt {@code -Dwarmups=N} times (default 3) to warm the JVM up
 * (the first rate is printed too), then {@code -Drebuilds=N} times (default 3), each after its own baseline, and
 * the medians are printed, with the CPU time per event the service and PostgreSQL used during the rebuilds
 * ({@link CpuBreakdown}; unlike the rate, it hardly moves with what else the machine runs, and the cores divided by
 * it bound the rate); the read model's fingerprint after each must equal the first's: a replay that is fast but not
 * repeatable fails the benchmark.
 */
public final class ReplayBenchmark {

    /** The seed's partner; the copies' partners are named after it. */
    private static final String PARTNER = "partner-replay";
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<Service> SERVICES = List.of(Service.ORDER, Service.SUBSCRIPTION, Service.BILLING,
            Service.CATALOG);

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("events", 100_000);
        int checkouts = Integer.getInteger("checkouts", 300);
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(root, 0, null,
                root.resolve("system-tests/target/bench-logs"), LocalStack.serviceJvmOptions(),
                CheckoutLoadBenchmark.serviceProperties()))) {
            new ReplayBenchmark(stack).run(checkouts, events, Integer.getInteger("catalog.events", events / 10));
            if (Boolean.getBoolean("keep")) { // -Dkeep=true: the stack stays up for a look (profilers, psql) until Enter
                System.out.printf("kept up: PostgreSQL on port %d (%s); services %s; an operator's token: %s%n"
                                + "press Enter to stop%n", stack.postgres().port(), stack.postgres().jdbcUrl("..."),
                        SERVICES.stream().map(s -> s.module() + "=" + stack.url(s)).toList(),
                        stack.tokens().operator());
                System.in.read();
            }
        }
        System.exit(0);
    }

    private final LocalStack stack;
    private final String operator;

    private ReplayBenchmark(LocalStack stack) {
        this.stack = stack;
        this.operator = stack.tokens().operator();
    }

    void run(int checkouts, int events, int catalogEvents) throws Exception {
        // -Donly=subscription-service,billing-service: fill and rebuild only these (all four are seeded)
        Set<String> only = Set.of(System.getProperty("only", "").split(","));
        List<Service> services = SERVICES.stream()
                .filter(s -> only.equals(Set.of("")) || only.contains(s.module())).toList();
        seed(checkouts);
        for (Service service : services) {
            ServiceProcess process = stack.service(service);
            process.stop(false);
            long t0 = System.nanoTime();
            long copied = fill(service, service == Service.CATALOG ? catalogEvents : events);
            System.out.printf("%s: store filled to %d events (%d copied in %.1f s; %d partners)%n", service.module(),
                    count(service, "SELECT count(*) FROM domain_event_entry"), copied, (System.nanoTime() - t0) / 1e9,
                    Math.max(1, Integer.getInteger("partners", 20)));
            process.start();
            process.awaitHealthy(Duration.ofMinutes(3));
        }
        // -Drebuilds=N: rebuilds measured after -Dwarmups=N (default 3) that warm the JVM up (the JIT compiler was still
        // busy through the third rebuild of a 60,000-event store: up to 0.7 s of C2's CPU in a 1.5 s rebuild), each
        // with the store's read rate measured just before it; the medians are printed (the machine is shared: one
        // rebuild swings by a third)
        int measured = Math.max(1, Integer.getInteger("rebuilds", 3));
        int warmups = Math.max(1, Integer.getInteger("warmups", 3));
        for (Service service : services) {
            long stored = count(service, "SELECT count(*) FROM domain_event_entry");
            for (String name : projections(service)) {
                double first = rebuild(service, name);
                String before = fingerprint(service, name);
                for (int i = 1; i < warmups; i++) {
                    rebuild(service, name);
                    String after = fingerprint(service, name);
                    if (!after.equals(before)) {
                        throw new IllegalStateException(service.module() + "/" + name
                                + ": another rebuild gave another read model (" + before + " then " + after + ")");
                    }
                }
                double[] took = new double[measured];
                double[] scans = new double[measured];
                double[] ratios = new double[measured];
                double[] serviceCpu = new double[measured];
                double[] postgresCpu = new double[measured];
                double[] othersShare = new double[measured];
                for (int i = 0; i < measured; i++) {
                    scans[i] = scanRate(service);
                    CpuBreakdown cpuBefore = CpuBreakdown.snapshot();
                    took[i] = rebuild(service, name);
                    Map<String, Double> cpu = CpuBreakdown.snapshot().since(cpuBefore);
                    ratios[i] = stored / took[i] / scans[i];
                    serviceCpu[i] = cpu.getOrDefault(service.module(), 0.0) * 1e6 / stored;
                    postgresCpu[i] = cpu.getOrDefault("PostgreSQL", 0.0) * 1e6 / stored;
                    double all = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
                    othersShare[i] = (all - cpu.getOrDefault(service.module(), 0.0)
                            - cpu.getOrDefault("PostgreSQL", 0.0)) / took[i] / CORES;
                    String after = fingerprint(service, name);
                    if (!after.equals(before)) {
                        throw new IllegalStateException(service.module() + "/" + name
                                + ": another rebuild gave another read model (" + before + " then " + after + ")");
                    }
                }
                double median = median(took);
                System.out.printf("replay %s/%s: %d events in %.2f s = %.0f events/s (median of %d rebuilds; %.2f of the"
                                + " store's read rate, the median ratio, the store read at %.0f events/s (median); each"
                                + " rebuild: %s; the first rebuild, JVM cold: %.0f events/s)%n", service.module(), name,
                        stored, median, stored / median, measured, median(ratios), median(scans),
                        java.util.stream.IntStream.range(0, measured).mapToObj(i -> String.format("%.0f/s (%.2f)",
                                stored / took[i], ratios[i])).collect(java.util.stream.Collectors.joining(", ")),
                        stored / first);
                System.out.printf("  CPU per event (medians): %s %.1f µs, PostgreSQL %.1f µs, together %.1f µs, i.e. at"
                                + " most %.0f events/s on %d cores; everything else on the machine used %.0f %% of"
                                + " them meanwhile%n", service.module(), median(serviceCpu), median(postgresCpu),
                        median(serviceCpu) + median(postgresCpu),
                        CORES * 1e6 / (median(serviceCpu) + median(postgresCpu)), CORES, 100 * median(othersShare));
            }
        }
        System.out.println("every projection rebuilt " + (measured + warmups)
                + " times: each reproduced the first's read model (fingerprints equal)");
    }

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** An offer, customers and {@code checkouts} checkouts, until every service has handled them. */
    private void seed(int checkouts) throws Exception {
        String agent = stack.tokens().partnerUser(PARTNER, DevTokens.ADMIN_AGENT, DevTokens.SALES_AGENT);
        String offerId = "replay.offer-" + UUID.randomUUID().toString().substring(0, 6);
        require(Http.post(operator, stack.url(Service.CATALOG) + "/v1/offers",
                TestSystem.monthlyOffer(offerId, "Replay Suite", 1000, java.time.LocalDate.now(java.time.ZoneOffset.UTC))), 201);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            customers.add(require(Http.post(agent, stack.url(Service.ORDER) + "/v1/customers",
                    "{\"billingProfile\":{\"companyName\":\"Customer " + i + "\",\"defaultAddress\":{\"country\":\"US\"}}}"),
                    201).path("id").asText());
        }
        await("the offer reaching order-service").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> Http.get(agent, stack.url(Service.ORDER) + "/v1/customers/" + customers.get(0)
                        + "/eligibility?offerId=" + offerId + "&skuId=std").body().path("eligible").asBoolean());
        String line = "{\"lineItems\":[{\"catalogItemId\":\"" + offerId + ":std:US\",\"quantity\":3}]}";
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < checkouts; i = next.getAndIncrement()) {
                    String customer = customers.get(i % customers.size());
                    JsonNode cart = require(Http.post(agent, stack.url(Service.ORDER) + "/v1/customers/" + customer
                            + "/carts", line), 201);
                    require(Http.post(agent, stack.url(Service.ORDER) + "/v1/customers/" + customer + "/carts/"
                            + cart.path("id").asText() + "/checkout", ""), 201);
                }
                return null;
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the seed's checkouts did not finish");
        }
        await("every order completed and every purchase recorded in billing").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count(Service.BILLING, "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%PurchaseRecorded'")
                        >= checkouts
                        && count(Service.ORDER, "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%OrderCompleted'")
                        >= checkouts);
        int activated = activate(agent, customers, checkouts, checkouts * Integer.getInteger("activated", 50) / 100);
        await("every activation recorded in billing").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> count(Service.BILLING, "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%ChargeRecorded'")
                        >= activated);
        for (Service service : SERVICES) {
            await(service.module() + " caught up").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        for (JsonNode p : require(Http.get(operator, stack.url(service) + "/admin/projections"), 200)) {
                            if (!p.path("caughtUp").asBoolean()) {
                                return false;
                            }
                        }
                        return true;
                    });
        }
        System.out.printf("seed: %d checkouts, %d of their subscriptions activated; stores: %s%n", checkouts, activated, SERVICES.stream().map(s -> {
            try {
                return s.module() + " " + count(s, "SELECT count(*) FROM domain_event_entry");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }).toList());
    }

    /**
     * Activates {@code count} of the seed's {@code checkouts} subscriptions through their activation links, spread
     * evenly over them in id order (at 50 %, every other one), so a store holds pending and active subscriptions, and
     * a subscription's events are its purchase and, for those, an activation some hundred events later; returns the
     * number activated.
     */
    private int activate(String agent, List<String> customers, int checkouts, int count) throws Exception {
        List<String[]> subscriptions = new ArrayList<>();
        await("every subscription in subscription-service's read model").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    subscriptions.clear();
                    for (String customer : customers) {
                        for (JsonNode s : require(Http.get(agent, stack.url(Service.SUBSCRIPTION) + "/v1/customers/"
                                + customer + "/subscriptions"), 200).path("items")) {
                            subscriptions.add(new String[]{customer, s.path("id").asText()});
                        }
                    }
                    return subscriptions.size() >= checkouts;
                });
        subscriptions.sort(java.util.Comparator.comparing(s -> s[1]));
        int activating = Math.min(count, subscriptions.size());
        for (int i = 0; i < activating; i++) {
            String[] s = subscriptions.get((int) ((long) i * subscriptions.size() / activating));
            JsonNode links = require(Http.get(agent, stack.url(Service.SUBSCRIPTION) + "/v1/customers/" + s[0]
                    + "/subscriptions/" + s[1] + "/activationlinks"), 200).path("items");
            if (links.isEmpty()) {
                throw new IllegalStateException("subscription " + s[1] + " has no activation link");
            }
            require(Http.post(links.get(0).path("link").path("uri").asText(), ""), 204);
        }
        return activating;
    }

    /**
     * Copies the service's recorded events onto its store until it holds {@code target}, then moves every
     * processor's tokens to the new head; returns the number of events copied. The service is stopped.
     */
    private long fill(Service service, int target) throws SQLException {
        try (Connection c = connect(service)) {
            c.setAutoCommit(false);
            record Row(String aggregate, long sequence, String type, String eventId, byte[] meta, byte[] payload,
                       String revision, String payloadType, String timestamp) {
            }
            List<Row> seed = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,
                           payload_revision, payload_type, time_stamp
                    FROM domain_event_entry ORDER BY global_index""")) {
                while (rs.next()) {
                    seed.add(new Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                            rs.getBytes(6), rs.getString(7), rs.getString(8), rs.getString(9)));
                }
            }
            if (seed.isEmpty()) {
                throw new IllegalStateException(service.module() + " recorded no events to copy");
            }
            long copied = 0;
            int partners = Math.max(1, Integer.getInteger("partners", 20));
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                        meta_data, payload, payload_revision, payload_type, time_stamp)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                int copies = (int) (target / seed.size() - 1);
                boolean interleaved = "interleaved".equals(System.getProperty("layout", "copies"));
                for (int n = 0; n < copies * seed.size(); n++) {
                    // copies: copy after copy, each the seed's events in order (an aggregate's events as close together
                    // as in the seed); interleaved: each seed event's copies one after the other, so an aggregate's
                    // events are copies x (their distance in the seed) apart, as in a store that many customers
                    // wrote into over months
                    int copy = 1 + (interleaved ? n % copies : n / seed.size());
                    Row row = seed.get(interleaved ? n / copies : n % seed.size());
                    String partner = copy % partners == 0 ? PARTNER : PARTNER + "-p" + copy % partners;
                    boolean uuid = UUID_TEXT.matcher(row.aggregate()).matches();
                    if (row.aggregate().contains(PARTNER)) { // one per partner, and copies share partners
                        throw new IllegalStateException("an aggregate named after the partner, " + row.aggregate()
                                + ": the copies would clash (" + service.module() + ")");
                    }
                    String aggregate = uuid ? renamed(row.aggregate(), copy) : row.aggregate() + "-c" + copy;
                    String payload = ofPartner(new String(renamedAll(row.payload(), copy), StandardCharsets.UTF_8),
                            partner);
                    if (!uuid) { // e.g. an offer's id: the copy is another offer
                        payload = payload.replace("\"" + row.aggregate() + "\"", "\"" + aggregate + "\"");
                    }
                    insert.setString(1, aggregate);
                    insert.setLong(2, row.sequence());
                    insert.setString(3, row.type());
                    insert.setString(4, renamed(row.eventId(), copy));
                    insert.setBytes(5, row.meta() == null ? null : ofPartner(new String(renamedAll(row.meta(), copy),
                            StandardCharsets.UTF_8), partner).getBytes(StandardCharsets.UTF_8));
                    insert.setBytes(6, payload.getBytes(StandardCharsets.UTF_8));
                    insert.setString(7, row.revision());
                    insert.setString(8, row.payloadType());
                    insert.setString(9, row.timestamp());
                    insert.addBatch();
                    if (++copied % 1_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            long head;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(global_index) FROM domain_event_entry")) {
                rs.next();
                head = rs.getLong(1);
            }
            // every processor (the publisher too: nothing is sent again) continues after the copies
            try (PreparedStatement tokens = c.prepareStatement("""
                    UPDATE token_entry SET token = ?, token_type = 'org.axonframework.eventhandling.GapAwareTrackingToken',
                        owner = NULL""")) {
                tokens.setBytes(1, ("{\"index\":" + head + ",\"gaps\":[]}").getBytes(StandardCharsets.UTF_8));
                tokens.executeUpdate();
            }
            c.commit();
            return copied;
        }
    }

    /** The seed's partner id, wherever it stands as a JSON string, replaced by {@code partner}. */
    private static String ofPartner(String json, String partner) {
        return partner.equals(PARTNER) ? json : json.replace("\"" + PARTNER + "\"", "\"" + partner + "\"");
    }

    private static String renamed(String uuid, int copy) {
        return UUID.nameUUIDFromBytes((copy + ":" + uuid.toLowerCase()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static byte[] renamedAll(byte[] text, int copy) {
        Matcher m = UUID_TEXT.matcher(new String(text, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, renamed(m.group(), copy));
        }
        m.appendTail(out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Rebuilds one projection and waits until it reached the head; returns the seconds it took. */
    private double rebuild(Service service, String name) throws Exception {
        long head = require(Http.get(operator, stack.url(service) + "/admin/projections/" + name), 200).path("head").asLong();
        long t0 = System.nanoTime();
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(stack.url(service)
                        + "/admin/projections/" + name + "/rebuild")).header("Authorization", "Bearer " + operator)
                .timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202) { // replaying in the background
            await(name + " replayed").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                JsonNode status = Http.get(operator, stack.url(service) + "/admin/projections/" + name).body();
                return status.path("running").asBoolean() && status.path("position").asLong() >= head;
            });
        } else if (response.statusCode() != 200) {
            throw new IllegalStateException(name + ": rebuild answered " + response.statusCode() + ": " + response.body());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private String fingerprint(Service service, String name) {
        Http.Response response = Http.get(operator, stack.url(service) + "/admin/projections/" + name + "/fingerprint");
        return response.status() == 200 ? response.body().path("md5").asText() : "(no read model: " + response.status() + ")";
    }

    private List<String> projections(Service service) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : require(Http.get(operator, stack.url(service) + "/admin/projections"), 200)) {
            if (!p.path("name").asText().equals("integration-publisher")) {
                names.add(p.path("name").asText());
            }
        }
        return names;
    }

    /** Events per second one connection reads from the store, every column, in order, 1,000 rows per fetch. */
    private double scanRate(Service service) throws SQLException {
        try (Connection c = connect(service)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(1_000);
                long t0 = System.nanoTime();
                long rows = 0;
                long bytes = 0;
                try (ResultSet rs = s.executeQuery("""
                        SELECT global_index, aggregate_identifier, sequence_number, type, event_identifier, meta_data,
                               payload, payload_revision, payload_type, time_stamp
                        FROM domain_event_entry ORDER BY global_index""")) {
                    while (rs.next()) {
                        bytes += rs.getBytes(7).length;
                        rows++;
                    }
                }
                c.commit();
                if (bytes == 0) {
                    throw new IllegalStateException(service.module() + ": empty store");
                }
                return rows / ((System.nanoTime() - t0) / 1e9);
            }
        }
    }

    private Connection connect(Service service) throws SQLException {
        return DriverManager.getConnection(stack.postgres().jdbcUrl(service.database()) + "?reWriteBatchedInserts=true",
                stack.postgres().username(), stack.postgres().password());
    }

    private long count(Service service, String sql) throws SQLException {
        try (Connection c = connect(service); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
