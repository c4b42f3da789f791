package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.api.OfferPublished;
import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.PublishOffer;
import com.cspmarket.catalog.offer.api.Publisher;
import com.cspmarket.catalog.offer.api.PublisherKind;
import com.cspmarket.catalog.seed.CatalogGenerator;
import com.cspmarket.local.LocalPostgres;
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
            OfferProjection projection = new OfferProjection(jdbc);

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

            OfferReadModel readModel = new OfferReadModel(jdbc, new DataSourceTransactionManager(dataSource));
            Map<String, Supplier<OfferSearch>> queries = new LinkedHashMap<>();
            queries.put("browse first page, by name", () -> search(null, null, null, null, null, OfferSearch.Sort.NAME, 0));
            queries.put("keyword 'cloud'", () -> search("cloud", null, null, null, null, OfferSearch.Sort.NAME, 0));
            queries.put("two prefixes 'sec ana'", () -> search("sec ana", null, null, null, null, OfferSearch.Sort.NAME, 0));
            queries.put("keyword + SaaS + country DE, relevance", () -> search("backup", OfferType.SAAS, null, null, "DE", OfferSearch.Sort.RELEVANCE, 0));
            queries.put("category 'Security' + country JP", () -> search(null, null, "Security", null, "JP", OfferSearch.Sort.NAME, 0));
            queries.put("first-party publishers, newest", () -> search(null, null, null, PublisherKind.FIRST_PARTY, null, OfferSearch.Sort.NEWEST, 0));
            queries.put("SaaS in US, page 100", () -> search(null, OfferType.SAAS, null, null, "US", OfferSearch.Sort.NAME, 100));
            queries.put("rare keyword (a publisher)", () -> search(publisherList.get(17).name().split(" ")[0], null, null, null, null, OfferSearch.Sort.NAME, 0));

            boolean same = true;
            for (Map.Entry<String, Supplier<OfferSearch>> query : queries.entrySet()) {
                CatalogViews.Page<CatalogViews.OfferSummary> fast = readModel.search(query.getValue().get());
                CatalogViews.Page<CatalogViews.OfferSummary> plain = readModel.searchPlainly(query.getValue().get());
                if (!fast.equals(plain)) {
                    same = false;
                    System.out.printf("DIFFERENT: %s%n  search:  %s%n  plainly: %s%n", query.getKey(), fast, plain);
                }
            }
            System.out.printf("check: every query's count and page equal those of a count and a page query over offer_view: %s%n", same);
            if (!same) {
                throw new IllegalStateException("the search differs from its plain reference");
            }
            for (int warm = 0; warm < 30; warm++) {
                queries.values().forEach(q -> readModel.search(q.get()));
            }
            List<Long> all = new ArrayList<>();
            System.out.printf("%n%-42s %10s %10s %10s %10s%n", "query (50 per page)", "totalCount", "p50 ms", "p99 ms", "max ms");
            for (Map.Entry<String, Supplier<OfferSearch>> query : queries.entrySet()) {
                long[] times = new long[iterations];
                long matches = 0;
                for (int i = 0; i < iterations; i++) {
                    long start = System.nanoTime();
                    matches = readModel.search(query.getValue().get()).totalCount();
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
            System.out.printf("(%d iterations per query, %,d offers, one client, PostgreSQL %s)%n", iterations, offers,
                    jdbc.sql("SHOW server_version").query(String.class).single());
            System.out.printf("ALL QUERIES p99 / primary-key lookup p50: %.1f%n", ms(percentile(overall, 99)) / baseline);
        }
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
