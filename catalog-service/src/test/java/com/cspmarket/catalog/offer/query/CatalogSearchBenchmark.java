package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.api.OfferPublished;
import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.PublishOffer;
import com.cspmarket.catalog.offer.api.Publisher;
import com.cspmarket.catalog.offer.api.PublisherKind;
import com.cspmarket.catalog.seed.CatalogGenerator;
import com.cspmarket.local.LocalPostgres;
import com.cspmarket.local.LocalStack;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Catalog search at scale: loads N generated offers (default 100,000) through the real projection into a real
 * PostgreSQL, then times representative searches through the same read-model code the REST API calls, and prints
 * p50/p99 per query and over all of them. Run with bench/catalog-search (see BENCHMARKS.md).
 */
public final class CatalogSearchBenchmark {

    public static void main(String[] args) throws Exception {
        int offers = Integer.getInteger("offers", 100_000);
        int publishers = Integer.getInteger("publishers", Math.max(300, offers / 50));
        int iterations = Integer.getInteger("iterations", 300);

        // -Ddata=DIR keeps the PostgreSQL data directory: a second run with the same options skips the load
        String data = System.getProperty("data");
        try (LocalPostgres postgres = LocalPostgres.start(0, data == null ? null : java.nio.file.Path.of(data));
             // connected as the service is: a Hikari pool keeps its connections and their prepared statements
             com.zaxxer.hikari.HikariDataSource dataSource = new com.zaxxer.hikari.HikariDataSource()) {
            dataSource.setJdbcUrl(postgres.createDatabase("catalog_bench"));
            dataSource.setUsername(postgres.username());
            dataSource.setPassword(postgres.password());
            dataSource.setMaximumPoolSize(2);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/kit", "classpath:db/migration").load().migrate();
            JdbcClient jdbc = JdbcClient.create(dataSource);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            OfferProjection projection = new OfferProjection(new com.cspmarket.kit.BatchedWrites(dataSource));

            CatalogGenerator generator = new CatalogGenerator(7);
            List<Publisher> publisherList = generator.publishers(publishers);
            long present = jdbc.sql("SELECT count(*) FROM offer_view").query(Long.class).single();
            if (present != 0 && present != offers) {
                throw new IllegalStateException(data + " holds " + present + " offers, not " + offers);
            }
            if (present == 0) {
                long loadStart = System.nanoTime();
                Iterator<PublishOffer> stream = generator.offers(publisherList, offers, LocalDate.of(2026, 1, 1)).iterator();
                Instant at = Instant.parse("2026-01-01T00:00:00Z");
                int loaded = 0;
                while (stream.hasNext()) {
                    List<PublishOffer> batch = new ArrayList<>(1000);
                    while (stream.hasNext() && batch.size() < 1000) {
                        batch.add(stream.next());
                    }
                    tx.executeWithoutResult(s -> batch.forEach(c -> projection.on(new OfferPublished(c.offerId(), c.name(),
                            c.description(), c.publisher(), c.offerType(), c.offeredToCspPartners(), c.categories(),
                            c.countries(), c.skus()), at, 0)));
                    loaded += batch.size();
                    if (loaded % 20_000 == 0) {
                        System.out.printf("loaded %,d offers%n", loaded);
                    }
                }
                jdbc.sql("VACUUM ANALYZE").update(); // what autovacuum does after a bulk load; enables index-only scans
                double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
                long prices = jdbc.sql("SELECT count(*) FROM sku_price").query(Long.class).single();
                System.out.printf("loaded %,d offers (%,d publishers, %,d prices) through the projection in %.1f s%n",
                        offers, publishers, prices, loadSeconds);
            } else {
                System.out.printf("%,d offers already loaded in %s%n", present, data);
            }
            double baseline = primaryKeyLookups(jdbc, iterations * 10);
            System.out.printf("baseline: one primary-key lookup of offer_view, p50 %.3f ms%n", baseline);

            Runtime runtime = Runtime.getRuntime();
            System.gc();
            long heapBefore = runtime.totalMemory() - runtime.freeMemory();
            OfferIndex index = new OfferIndex(jdbc);
            long buildStart = System.nanoTime();
            index.build();
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            System.gc();
            System.out.printf("search index built from offer_view in %.1f s, heap %+,d MB%n", buildSeconds,
                    (runtime.totalMemory() - runtime.freeMemory() - heapBefore) / 1_000_000);
            OfferReadModel readModel = new OfferReadModel(jdbc, new DataSourceTransactionManager(dataSource), index);
            Map<String, Supplier<OfferSearch>> queries = new LinkedHashMap<>();
            queries.put("browse first page, by name", () -> search(null, null, null, null, null, OfferSearch.Sort.NAME, 0));
            queries.put("keyword 'cloud'", () -> search("cloud", null, null, null, null, OfferSearch.Sort.NAME, 0));
            queries.put("two prefixes 'sec ana'", () -> search("sec ana", null, null, null, null, OfferSearch.Sort.NAME, 0));
            queries.put("keyword + SaaS + country DE, relevance", () -> search("backup", OfferType.SAAS, null, null, "DE", OfferSearch.Sort.RELEVANCE, 0));
            queries.put("category 'Security' + country JP", () -> search(null, null, "Security", null, "JP", OfferSearch.Sort.NAME, 0));
            queries.put("first-party publishers, newest", () -> search(null, null, null, PublisherKind.FIRST_PARTY, null, OfferSearch.Sort.NEWEST, 0));
            queries.put("SaaS in US, page 100", () -> search(null, OfferType.SAAS, null, null, "US", OfferSearch.Sort.NAME, 100));
            queries.put("rare keyword (a publisher)", () -> search(publisherList.get(17).name().split(" ")[0], null, null, null, null, OfferSearch.Sort.NAME, 0));
            queries.put("keyword, by publisher, page 3", () -> search("data", null, null, null, null, OfferSearch.Sort.PUBLISHER, 2));

            // both routes against the plainest one: the same count and page (relevance: the same count; the index
            // ranks as the tsvector weighs, ts_rank also counts repetitions)
            boolean same = true;
            for (Map.Entry<String, Supplier<OfferSearch>> query : queries.entrySet()) {
                OfferSearch search = query.getValue().get();
                CatalogViews.Page<CatalogViews.OfferSummary> plain = readModel.searchPlainly(search);
                for (CatalogViews.Page<CatalogViews.OfferSummary> page : List.of(readModel.searchInDatabase(search),
                        index.search(search))) {
                    boolean equal = search.sort() == OfferSearch.Sort.RELEVANCE
                            ? page.totalCount() == plain.totalCount() && page.items().size() == plain.items().size()
                            : page.equals(plain);
                    if (!equal) {
                        same = false;
                        System.out.printf("DIFFERENT: %s%n  this:    %s%n  plainly: %s%n", query.getKey(), page, plain);
                    }
                }
            }
            System.out.printf("check: every query's count and page, from the index and from the database, equal those of a count and a page query over offer_view: %s%n", same);
            if (!same) {
                throw new IllegalStateException("a search differs from its plain reference");
            }
            long[] indexed = time("search index (what the service answers from)", queries, iterations, readModel::search);
            long[] database = time("PostgreSQL (before the index is built)", queries, iterations, readModel::searchInDatabase);
            System.out.printf("(%d iterations per query, %,d offers, one client, PostgreSQL %s)%n", iterations, offers,
                    jdbc.sql("SHOW server_version").query(String.class).single());
            System.out.printf("ALL QUERIES p99 / primary-key lookup p50: index %.1f, PostgreSQL %.1f%n",
                    ms(percentile(indexed, 99)) / baseline, ms(percentile(database, 99)) / baseline);
            int rate = Integer.getInteger("rate", 200);
            if (rate > 0) {
                overHttp(postgres, dataSource.getJdbcUrl(), queries, rate, Integer.getInteger("seconds", 30));
            }
        }
    }

    /**
     * The same queries in turn through HTTP: the catalog service alone, started from its jar as ./run-local starts
     * it (-Xmx768m, serial GC) on this database, called at a fixed rate (open loop: a request's time counts from
     * when it was due, so a slow answer cannot slow the load down and hide the queueing it causes).
     */
    private static void overHttp(LocalPostgres postgres, String jdbcUrl, Map<String, Supplier<OfferSearch>> queries,
                                 int rate, int seconds) throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        if (!java.nio.file.Files.isDirectory(root.resolve("catalog-service"))) {
            root = root.getParent();
        }
        java.nio.file.Path log = java.nio.file.Files.createTempFile("catalog-bench-", ".log");
        try (com.cspmarket.local.LocalKafka kafka = com.cspmarket.local.LocalKafka.start(0,
                LocalStack.PARTITIONS, LocalStack.TOPICS);
             com.cspmarket.local.ServiceProcess service = com.cspmarket.local.ServiceProcess.of(root, "catalog-service",
                     LocalStack.serviceJvmOptions(), Map.of(
                             "spring.datasource.url", jdbcUrl,
                             "spring.datasource.username", postgres.username(),
                             "spring.datasource.password", postgres.password(),
                             "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                             "platform.kafka.partitions", String.valueOf(LocalStack.PARTITIONS),
                             "platform.security.jwt.public-key", com.cspmarket.local.DevTokens.forTests().publicKey()),
                     log)) {
            long started = System.nanoTime();
            service.start();
            service.awaitHealthy(java.time.Duration.ofMinutes(3));
            double ready = (System.nanoTime() - started) / 1e9;
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(3))
                    .pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> java.nio.file.Files.readString(log).contains("Offer search index built"));
            String built = java.nio.file.Files.readAllLines(log).stream()
                    .filter(l -> l.contains("Offer search index built")).findFirst().orElseThrow();
            System.out.printf("%ncatalog-service (its jar, -Xmx768m -XX:+UseSerialGC) healthy %.1f s after its start; %s%n",
                    ready, built.substring(built.indexOf("Offer search index built")));

            String token = com.cspmarket.local.DevTokens.forTests().operator();
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().executor(threads).build();
            List<String> names = new ArrayList<>(queries.keySet());
            List<java.net.URI> uris = names.stream().map(n -> java.net.URI.create(service.baseUrl() + "/v1/offers?"
                    + parameters(queries.get(n).get()))).toList();
            ProcessHandle handle = service.handle().orElseThrow();
            java.time.Duration idleBefore = handle.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
            long idleStart = System.nanoTime();
            load(client, uris, token, 1, 10, null); // one request a second: what the service burns doing nothing
            double idle = (handle.info().totalCpuDuration().orElse(java.time.Duration.ZERO).minus(idleBefore).toNanos()
                    - 0.0) / 1e6 / ((System.nanoTime() - idleStart) / 1e9);
            int warmup = Integer.getInteger("warmup", 40); // 10 s left the JIT still compiling: 5 ms CPU per request, not 2
            load(client, uris, token, rate, warmup, null);
            java.time.Duration cpuBefore = handle.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
            List<long[]> results = load(client, uris, token, rate, seconds, names);
            java.time.Duration cpu = handle.info().totalCpuDuration().orElse(java.time.Duration.ZERO).minus(cpuBefore);
            long errors = results.stream().filter(r -> r[2] != 200).count();
            System.out.printf("%nGET /v1/offers, the queries above in turn, %d requests/s for %d s (after %d s of warm-up), open loop%n",
                    rate, seconds, warmup);
            System.out.printf("%-42s %10s %10s %10s%n", "query (50 per page)", "p50 ms", "p99 ms", "max ms");
            for (int q = 0; q < names.size(); q++) {
                int query = q;
                long[] times = results.stream().filter(r -> r[0] == query).mapToLong(r -> r[1]).sorted().toArray();
                System.out.printf("%-42s %10.2f %10.2f %10.2f%n", names.get(q), ms(percentile(times, 50)),
                        ms(percentile(times, 99)), ms(times[times.length - 1]));
            }
            long[] all = results.stream().mapToLong(r -> r[1]).sorted().toArray();
            System.out.printf("%-42s %10.2f %10.2f %10.2f%n", "ALL REQUESTS", ms(percentile(all, 50)),
                    ms(percentile(all, 99)), ms(all[all.length - 1]));
            System.out.printf("%,d requests, %d not 200; catalog-service CPU %.2f ms per request (%.0f ms/s at one request a second: %.2f ms per request of that)%n",
                    all.length, errors, cpu.toNanos() / 1e6 / all.length, idle, idle / rate);
            threads.shutdownNow();
        }
    }


    /** Sends the URIs in turn at {@code rate} per second for {@code seconds}; per request: query, nanos, status. */
    private static List<long[]> load(java.net.http.HttpClient client, List<java.net.URI> uris, String token, int rate,
                                     int seconds, List<String> names) {
        long interval = 1_000_000_000L / rate;
        int total = rate * seconds;
        List<long[]> results = java.util.Collections.synchronizedList(new ArrayList<>());
        List<java.util.concurrent.CompletableFuture<?>> sent = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            int query = i % uris.size();
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(uris.get(query))
                    .header("Authorization", "Bearer " + token).GET().build();
            sent.add(client.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, failure) -> results.add(new long[]{query, System.nanoTime() - due,
                            failure == null ? response.statusCode() : -1})));
        }
        java.util.concurrent.CompletableFuture.allOf(sent.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
        return results;
    }

    private static String parameters(OfferSearch s) {
        List<String> p = new ArrayList<>();
        if (s.keywords() != null) {
            p.add("q=" + java.net.URLEncoder.encode(s.keywords(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (s.offerType() != null) {
            p.add("type=" + s.offerType());
        }
        if (s.category() != null) {
            p.add("category=" + java.net.URLEncoder.encode(s.category(), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (s.publisherKind() != null) {
            p.add("publisherKind=" + s.publisherKind());
        }
        if (s.country() != null) {
            p.add("country=" + s.country());
        }
        p.add("sort=" + switch (s.sort()) {
            case NAME -> "name";
            case NAME_DESC -> "-name";
            case PUBLISHER -> "publisher";
            case NEWEST -> "-publishedAt";
            case RELEVANCE -> "relevance";
        });
        p.add("page=" + s.page());
        p.add("size=" + s.size());
        return String.join("&", p);
    }

    /** Times every query; prints p50/p99/max per query and over all; returns all times, sorted. */
    private static long[] time(String title, Map<String, Supplier<OfferSearch>> queries, int iterations,
                               java.util.function.Function<OfferSearch, CatalogViews.Page<CatalogViews.OfferSummary>> route) {
        for (int warm = 0; warm < 30; warm++) {
            queries.values().forEach(q -> route.apply(q.get()));
        }
        List<Long> all = new ArrayList<>();
        System.out.printf("%n%s%n%-42s %10s %10s %10s %10s%n", title, "query (50 per page)", "totalCount", "p50 ms", "p99 ms", "max ms");
        for (Map.Entry<String, Supplier<OfferSearch>> query : queries.entrySet()) {
            long[] times = new long[iterations];
            long matches = 0;
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                matches = route.apply(query.getValue().get()).totalCount();
                times[i] = System.nanoTime() - start;
                all.add(times[i]);
            }
            Arrays.sort(times);
            System.out.printf("%-42s %10d %10.2f %10.2f %10.2f%n", query.getKey(), matches, ms(percentile(times, 50)),
                    ms(percentile(times, 99)), ms(times[times.length - 1]));
        }
        long[] overall = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%-42s %10s %10.2f %10.2f %10.2f%n", "ALL QUERIES", "", ms(percentile(overall, 50)),
                ms(percentile(overall, 99)), ms(overall[overall.length - 1]));
        return overall;
    }

    /** The cheapest read there is on the same connection pool: the noise floor of this machine, in ms (p50). */
    private static double primaryKeyLookups(JdbcClient jdbc, int n) {
        List<String> ids = jdbc.sql("SELECT offer_id FROM offer_view ORDER BY offer_id LIMIT 1000").query(String.class).list();
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            jdbc.sql("SELECT name FROM offer_view WHERE offer_id = :id").param("id", ids.get(i % ids.size()))
                    .query(String.class).single();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return ms(percentile(times, 50));
    }

    private static OfferSearch search(String q, OfferType type, String category, PublisherKind kind, String country,
                                      OfferSearch.Sort sort, int page) {
        return new OfferSearch(q, type, category, kind, country, false, sort, page, 50);
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
