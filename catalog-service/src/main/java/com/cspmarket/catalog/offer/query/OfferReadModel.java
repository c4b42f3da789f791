package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.PublisherKind;
import com.cspmarket.catalog.offer.query.CatalogViews.Availability;
import com.cspmarket.catalog.offer.query.CatalogViews.Eligibility;
import com.cspmarket.catalog.offer.query.CatalogViews.EligibilityRule;
import com.cspmarket.catalog.offer.query.CatalogViews.FailedRule;
import com.cspmarket.catalog.offer.query.CatalogViews.OfferDetails;
import com.cspmarket.catalog.offer.query.CatalogViews.OfferSummary;
import com.cspmarket.catalog.offer.query.CatalogViews.Page;
import com.cspmarket.catalog.offer.query.CatalogViews.PricePoint;
import com.cspmarket.catalog.offer.query.CatalogViews.PriceView;
import com.cspmarket.catalog.offer.query.CatalogViews.PublisherView;
import com.cspmarket.catalog.offer.query.CatalogViews.SkuView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the catalog's tables: search, details, prices as of a date, availabilities and eligibility. */
@Component
public class OfferReadModel {

    /** The price of each (offer, sku, market) in force on :day. */
    static final String PRICES_IN_FORCE = """
            SELECT DISTINCT ON (p.offer_id, p.sku_id, p.market) p.offer_id, p.sku_id, p.market, p.currency,
                   p.unit_price, p.effective_from
            FROM sku_price p
            WHERE p.effective_from <= :day""";

    /** Counts stop here: "10,000 or more" is all a person paging through results needs. */
    public static final int COUNT_LIMIT = 10_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;
    private final OfferIndex index;

    OfferReadModel(JdbcClient jdbc, PlatformTransactionManager transactions, OfferIndex index) {
        this.jdbc = jdbc;
        this.index = index;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * One page of the offers a search matches, with their number (capped at {@link #COUNT_LIMIT}), from the search
     * index once it is built ({@link OfferIndex}), from PostgreSQL before.
     */
    public Page<OfferSummary> search(OfferSearch search) {
        return index.ready() ? index.search(search) : searchInDatabase(search);
    }

    /** The search in PostgreSQL (see {@link #inDatabase}). */
    public Page<OfferSummary> searchInDatabase(OfferSearch search) {
        return inDatabase(search, false);
    }

    /**
     * The same search by the plainest route (count, then page, over offer_view): what the benchmark checks the
     * fast route against at scale.
     */
    public Page<OfferSummary> searchPlainly(OfferSearch search) {
        return inDatabase(search, true);
    }

    /**
     * The search in PostgreSQL: the count and the page read the same snapshot. Each statement is planned for its
     * values: how many offers a filter matches varies from a handful to all of them, and a plan made once for any
     * values (what PostgreSQL may choose for a statement prepared on a pooled connection) walked 5,000 offers where
     * an index gave 50.
     */
    private Page<OfferSummary> inDatabase(OfferSearch search, boolean plainly) {
        return readOnly.execute(status -> {
            jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
            return searchPlanned(search, plainly);
        });
    }

    private Page<OfferSummary> searchPlanned(OfferSearch search, boolean plainly) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> params = new HashMap<>();
        Optional<String> tsQuery = search.tsQuery();
        tsQuery.ifPresent(q -> {
            where.append(" AND o.search @@ to_tsquery('simple', :tsq)");
            params.put("tsq", q);
        });
        if (!search.includeWithdrawn()) {
            where.append(" AND NOT o.withdrawn");
        }
        if (search.offerType() != null) {
            where.append(" AND o.offer_type = :type");
            params.put("type", search.offerType().name());
        }
        if (search.publisherKind() != null) {
            where.append(" AND o.publisher_kind = :kind");
            params.put("kind", search.publisherKind().name());
        }
        if (search.category() != null) {
            where.append(" AND o.categories @> ARRAY[CAST(:category AS varchar)]");
            params.put("category", search.category());
        }
        if (search.country() != null) {
            where.append(" AND o.countries @> ARRAY[CAST(:country AS varchar)]");
            params.put("country", search.country());
        }
        OfferSearch.Sort sort = search.effectiveSort();
        if (plainly || tsQuery.isEmpty() && search.category() == null) {
            // filters that most offers pass: the count stops at COUNT_LIMIT + 1 and an index in the sort's order
            // finds the page's offers early
            long counted = jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM offer_view o" + where + " LIMIT "
                    + (COUNT_LIMIT + 1) + ") matches").params(params).query(Long.class).single();
            return new Page<>(Math.min(counted, COUNT_LIMIT), counted > COUNT_LIMIT, search.page(), search.size(),
                    counted == 0 ? List.of() : page(where, params, sort, search));
        }
        // keywords and categories pick out a few offers: one scan gives the count and, when there are no more than
        // COUNT_LIMIT matches, the page (the matches' sort keys are kept and sorted; only the page's rows are read
        // in full). Only the keys the sort needs: lower() per match is a good part of the cost.
        boolean byName = sort != OfferSearch.Sort.NEWEST;
        List<Row> rows = jdbc.sql("""
                        WITH m AS MATERIALIZED (
                            SELECT o.offer_id, %s AS name_key, %s AS publisher_key, %s AS published_at, %s AS rank
                            FROM offer_view o %s LIMIT %d),
                        counted AS (SELECT count(*) AS n FROM m),
                        page AS (SELECT m.* FROM m, counted WHERE counted.n <= %d
                                 ORDER BY %s LIMIT :limit OFFSET :offset)
                        SELECT counted.n, %s
                        FROM counted LEFT JOIN page m ON true LEFT JOIN offer_view o ON o.offer_id = m.offer_id
                        ORDER BY %s""".formatted(byName ? "lower(o.name)" : "NULL",
                        sort == OfferSearch.Sort.PUBLISHER ? "lower(o.publisher_name)" : "NULL",
                        sort == OfferSearch.Sort.NEWEST ? "o.published_at" : "NULL",
                        sort == OfferSearch.Sort.RELEVANCE ? "ts_rank(o.search, to_tsquery('simple', :tsq))" : "NULL",
                        where, COUNT_LIMIT + 1, COUNT_LIMIT, sort.matchOrder(), SUMMARY, sort.matchOrder()))
                .params(params)
                .param("limit", search.size())
                .param("offset", (long) search.page() * search.size())
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2) == null ? null : summary(rs, 1)))
                .list();
        long counted = rows.get(0).count();
        long total = Math.min(counted, COUNT_LIMIT);
        List<OfferSummary> items = counted <= COUNT_LIMIT
                ? rows.stream().map(Row::summary).filter(java.util.Objects::nonNull).toList()
                : page(where, params, sort, search); // many matches after all: as for a broad filter
        return new Page<>(total, counted > COUNT_LIMIT, search.page(), search.size(), items);
    }

    private List<OfferSummary> page(CharSequence where, Map<String, Object> params, OfferSearch.Sort sort,
                                    OfferSearch search) {
        return jdbc.sql("SELECT " + SUMMARY + " FROM offer_view o" + where + " ORDER BY " + sort.orderBy()
                        + " LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", search.size())
                .param("offset", (long) search.page() * search.size())
                .query((rs, n) -> summary(rs, 0))
                .list();
    }

    private static final String SUMMARY = """
            o.offer_id, o.name, o.publisher_name, o.publisher_kind, o.offer_type, o.categories, o.offered_to_csp,
            o.countries, o.withdrawn""";

    private record Row(long count, OfferSummary summary) {
    }

    private static OfferSummary summary(java.sql.ResultSet rs, int skip) throws SQLException {
        return new OfferSummary(rs.getString(skip + 1), rs.getString(skip + 2), rs.getString(skip + 3),
                PublisherKind.valueOf(rs.getString(skip + 4)), OfferType.valueOf(rs.getString(skip + 5)),
                strings(rs.getArray(skip + 6)), rs.getBoolean(skip + 7), strings(rs.getArray(skip + 8)),
                rs.getBoolean(skip + 9));
    }

    /**
     * What the shelf holds, for a browser's filters: every category and every country of the offers on the shelf
     * (withdrawn ones left out), each with its number of offers, by name.
     */
    public CatalogViews.Facets facets() {
        List<CatalogViews.Facet> categories = jdbc.sql("""
                        SELECT c, count(*) FROM offer_view o, unnest(o.categories) c
                        WHERE NOT o.withdrawn GROUP BY c ORDER BY c""")
                .query((rs, n) -> new CatalogViews.Facet(rs.getString(1), rs.getLong(2))).list();
        List<CatalogViews.Facet> countries = jdbc.sql("""
                        SELECT c, count(*) FROM offer_view o, unnest(o.countries) c
                        WHERE NOT o.withdrawn GROUP BY c ORDER BY c""")
                .query((rs, n) -> new CatalogViews.Facet(rs.getString(1), rs.getLong(2))).list();
        return new CatalogViews.Facets(categories, countries);
    }

    public boolean exists(String offerId) {
        return jdbc.sql("SELECT count(*) FROM offer_view WHERE offer_id = :id").param("id", offerId)
                .query(Integer.class).single() > 0;
    }

    /** The offer with, per SKU, the prices in force on {@code day} in every market. */
    public Optional<OfferDetails> details(String offerId, LocalDate day) {
        Optional<OfferDetails> offer = jdbc.sql("""
                        SELECT offer_id, name, description, publisher_id, publisher_name, publisher_kind, support_email,
                               support_url, offer_type, offered_to_csp, categories, countries, withdrawn,
                               withdrawn_reason, published_at, version, withdrawn_at
                        FROM offer_view WHERE offer_id = :id""")
                .param("id", offerId)
                .query((rs, n) -> new OfferDetails(rs.getString(1), rs.getString(2), rs.getString(3),
                        new PublisherView(rs.getString(4), rs.getString(5), PublisherKind.valueOf(rs.getString(6)),
                                rs.getString(7), rs.getString(8)),
                        OfferType.valueOf(rs.getString(9)), rs.getBoolean(10), strings(rs.getArray(11)),
                        strings(rs.getArray(12)), rs.getBoolean(13), rs.getString(14),
                        rs.getObject(17, OffsetDateTime.class) == null ? null : rs.getObject(17, OffsetDateTime.class).toInstant(),
                        List.of(), day,
                        rs.getObject(15, OffsetDateTime.class).toInstant(), rs.getLong(16)))
                .optional();
        if (offer.isEmpty()) {
            return offer;
        }
        Map<String, List<PriceView>> prices = new HashMap<>();
        jdbc.sql(PRICES_IN_FORCE + " AND p.offer_id = :id ORDER BY p.offer_id, p.sku_id, p.market, p.effective_from DESC")
                .param("id", offerId).param("day", day)
                .query(rs -> {
                    prices.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(new PriceView(rs.getString(3),
                            rs.getString(4), scaled(rs.getBigDecimal(5), rs.getString(4)),
                            rs.getObject(6, LocalDate.class)));
                });
        Map<String, SkuView> skus = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT sku_id, name, term, billing_cycle, min_quantity, max_quantity, trial FROM offer_sku
                        WHERE offer_id = :id ORDER BY position""")
                .param("id", offerId)
                .query(rs -> {
                    skus.put(rs.getString(1), new SkuView(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getBoolean(7),
                            prices.getOrDefault(rs.getString(1), List.of())));
                });
        OfferDetails o = offer.get();
        return Optional.of(new OfferDetails(o.offerId(), o.name(), o.description(), o.publisher(), o.offerType(),
                o.offeredToCspPartners(), o.categories(), o.countries(), o.withdrawn(), o.withdrawnReason(),
                o.withdrawnAt(), List.copyOf(skus.values()), day, o.publishedAt(), o.version()));
    }

    public boolean skuExists(String offerId, String skuId) {
        return jdbc.sql("SELECT count(*) FROM offer_sku WHERE offer_id = :o AND sku_id = :s")
                .param("o", offerId).param("s", skuId).query(Integer.class).single() > 0;
    }

    /** The price of a SKU in a market in force on {@code day}. */
    public Optional<PricePoint> priceAsOf(String offerId, String skuId, String market, LocalDate day) {
        return jdbc.sql("""
                        SELECT currency, unit_price, effective_from FROM sku_price
                        WHERE offer_id = :o AND sku_id = :s AND market = :m AND effective_from <= :day
                        ORDER BY effective_from DESC LIMIT 1""")
                .param("o", offerId).param("s", skuId).param("m", market).param("day", day)
                .query((rs, n) -> new PricePoint(offerId, skuId, market, rs.getString(1),
                        scaled(rs.getBigDecimal(2), rs.getString(1)), rs.getObject(3, LocalDate.class)))
                .optional();
    }

    /** Every price a SKU has had or will have in a market, oldest first. */
    public List<PricePoint> priceHistory(String offerId, String skuId, String market) {
        return jdbc.sql("""
                        SELECT currency, unit_price, effective_from FROM sku_price
                        WHERE offer_id = :o AND sku_id = :s AND market = :m ORDER BY effective_from""")
                .param("o", offerId).param("s", skuId).param("m", market)
                .query((rs, n) -> new PricePoint(offerId, skuId, market, rs.getString(1),
                        scaled(rs.getBigDecimal(2), rs.getString(1)), rs.getObject(3, LocalDate.class)))
                .list();
    }

    /** The SKUs a customer billed in {@code country} can buy on {@code day}, with their price there. */
    public List<Availability> availabilities(String offerId, String country, LocalDate day) {
        return jdbc.sql("""
                        SELECT s.sku_id, s.name, p.currency, p.unit_price, p.effective_from, s.term, s.billing_cycle,
                               s.min_quantity, s.max_quantity
                        FROM offer_view o
                        JOIN offer_sku s ON s.offer_id = o.offer_id
                        JOIN (""" + PRICES_IN_FORCE + """
                              AND p.offer_id = :o AND p.market = :country
                              ORDER BY p.offer_id, p.sku_id, p.market, p.effective_from DESC) p
                          ON p.offer_id = s.offer_id AND p.sku_id = s.sku_id
                        WHERE o.offer_id = :o AND NOT o.withdrawn AND o.countries @> ARRAY[CAST(:country AS varchar)]
                        ORDER BY s.position""")
                .param("o", offerId).param("country", country).param("day", day)
                .query((rs, n) -> new Availability(offerId, rs.getString(1), rs.getString(2), country,
                        rs.getString(3), scaled(rs.getBigDecimal(4), rs.getString(3)),
                        rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9)))
                .list();
    }

    /** Evaluates every purchase rule for a customer billed in {@code country}, explaining each one that fails. */
    public Optional<Eligibility> eligibility(String offerId, String country, LocalDate day) {
        return details(offerId, day).map(offer -> {
            List<FailedRule> failed = new ArrayList<>();
            if (offer.withdrawn()) {
                failed.add(new FailedRule(EligibilityRule.WITHDRAWN, offer.name() + " was withdrawn by its publisher"
                        + (offer.withdrawnReason() == null ? "" : " (" + offer.withdrawnReason() + ")")));
            }
            if (!offer.offerType().purchasable()) {
                failed.add(new FailedRule(EligibilityRule.NOT_SAAS, offer.name() + " is " + offer.offerType()
                        + "; only SaaS offers can be purchased through CSP partners here"));
            }
            if (!offer.offeredToCspPartners()) {
                failed.add(new FailedRule(EligibilityRule.NOT_OFFERED_TO_CSP_PARTNERS,
                        offer.publisher().name() + " does not offer " + offer.name() + " to CSP partners"));
            }
            if (!offer.countries().contains(country)) {
                failed.add(new FailedRule(EligibilityRule.COUNTRY_NOT_SUPPORTED, offer.name()
                        + " is not available to customers billed in " + country + " (available in "
                        + String.join(", ", offer.countries()) + ")"));
            }
            boolean priced = offer.skus().stream().anyMatch(s -> s.prices().stream().anyMatch(p -> p.market().equals(country)));
            if (!priced) {
                failed.add(new FailedRule(EligibilityRule.NO_PRICE_IN_MARKET,
                        "no SKU of " + offer.name() + " has a price for market " + country + " on " + day));
            }
            return new Eligibility(offerId, country, failed.isEmpty(), List.copyOf(failed));
        });
    }

    static BigDecimal scaled(BigDecimal amount, String currency) {
        return amount.setScale(Currency.getInstance(currency).getDefaultFractionDigits());
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
