package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.api.OfferAvailabilityChanged;
import com.cspmarket.catalog.offer.api.OfferPublished;
import com.cspmarket.catalog.offer.api.OfferWithdrawn;
import com.cspmarket.catalog.offer.api.Sku;
import com.cspmarket.catalog.offer.api.SkuPrice;
import com.cspmarket.catalog.offer.api.SkuPriceChanged;
import com.cspmarket.kit.BatchedWrites;
import com.cspmarket.kit.ProjectedTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Keeps offer_view, offer_sku and sku_price. Every handler is an upsert keyed by what the event is about, so a
 * redelivery or a replay (after {@link #reset()}) rebuilds the same tables.
 * <p>
 * Each event is one statement (an offer with its SKUs and prices is one data-modifying {@code WITH}: the foreign keys
 * of offer_sku and sku_price are checked at the end of the statement, after its parent rows are in), queued in
 * {@link BatchedWrites} until the batch of events commits: a replay of offers sends them a thousand statements per
 * round trip instead of three round trips per offer.
 */
@Component
@ProcessingGroup("offer-projection")
class OfferProjection implements ProjectedTables {

    /** Every statement writes offer_view (and, by its trigger, offer_view_change) or a child of it. */
    private static final Set<String> TABLES = Set.of("offer_view", "offer_view_change", "offer_sku", "sku_price");

    private static final String PUBLISHED = """
            WITH offer AS (
                INSERT INTO offer_view (offer_id, name, description, publisher_id, publisher_name, support_email,
                    support_url, publisher_kind, offer_type, offered_to_csp, categories, countries, published_at,
                    version, search)
                VALUES (:id, :name, :description, :publisherId, :publisherName, :email, :url, :kind, :type, :csp,
                    :categories, :countries, :at, :version,
                    setweight(to_tsvector('simple', :name), 'A') || setweight(to_tsvector('simple', :publisherName), 'B')
                    || setweight(to_tsvector('simple', :categoryText), 'B')
                    || setweight(to_tsvector('simple', :description), 'C'))
                ON CONFLICT (offer_id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
                    publisher_id = EXCLUDED.publisher_id, publisher_name = EXCLUDED.publisher_name,
                    support_email = EXCLUDED.support_email, support_url = EXCLUDED.support_url,
                    publisher_kind = EXCLUDED.publisher_kind, offer_type = EXCLUDED.offer_type,
                    offered_to_csp = EXCLUDED.offered_to_csp, categories = EXCLUDED.categories,
                    countries = EXCLUDED.countries, published_at = EXCLUDED.published_at,
                    version = EXCLUDED.version, search = EXCLUDED.search
            ), sku AS (
                INSERT INTO offer_sku (offer_id, sku_id, position, name, term, billing_cycle, min_quantity,
                    max_quantity, trial)
                SELECT :id, s.sku_id, s.position - 1, s.name, s.term, s.cycle, s.min_q, s.max_q, s.trial
                FROM unnest(CAST(:skuIds AS varchar[]), CAST(:skuNames AS varchar[]), CAST(:terms AS varchar[]),
                            CAST(:cycles AS varchar[]), CAST(:mins AS int[]), CAST(:maxes AS int[]),
                            CAST(:trials AS boolean[]))
                     WITH ORDINALITY AS s(sku_id, name, term, cycle, min_q, max_q, trial, position)
                ON CONFLICT (offer_id, sku_id) DO NOTHING
            )
            INSERT INTO sku_price (offer_id, sku_id, market, currency, unit_price, effective_from, recorded_at)
            SELECT :id, p.sku_id, p.market, p.currency, p.unit_price, p.effective_from, :at
            FROM unnest(CAST(:priceSkus AS varchar[]), CAST(:markets AS varchar[]), CAST(:currencies AS varchar[]),
                        CAST(:amounts AS numeric[]), CAST(:froms AS date[]))
                 AS p(sku_id, market, currency, unit_price, effective_from)
            ON CONFLICT (offer_id, sku_id, market, effective_from) DO UPDATE
                SET currency = EXCLUDED.currency, unit_price = EXCLUDED.unit_price, recorded_at = EXCLUDED.recorded_at""";

    private static final String PRICE_CHANGED = """
            WITH price AS (
                INSERT INTO sku_price (offer_id, sku_id, market, currency, unit_price, effective_from, recorded_at)
                VALUES (:id, :sku, :market, :currency, :price, :from, :at)
                ON CONFLICT (offer_id, sku_id, market, effective_from) DO UPDATE
                    SET currency = EXCLUDED.currency, unit_price = EXCLUDED.unit_price, recorded_at = EXCLUDED.recorded_at
            )
            UPDATE offer_view SET version = :version WHERE offer_id = :id""";

    private final BatchedWrites writes;

    OfferProjection(BatchedWrites writes) {
        this.writes = writes;
    }

    @EventHandler
    void on(OfferPublished event, @Timestamp Instant at, @SequenceNumber long version) {
        List<Sku> skus = event.skus();
        int prices = skus.stream().mapToInt(sku -> sku.prices().size()).sum();
        String[] priceSkus = new String[prices];
        String[] markets = new String[prices];
        String[] currencies = new String[prices];
        String[] amounts = new String[prices];
        String[] froms = new String[prices];
        int i = 0;
        for (Sku sku : skus) {
            for (SkuPrice price : sku.prices()) {
                priceSkus[i] = sku.skuId();
                markets[i] = price.market();
                currencies[i] = price.unitPrice().currency().getCurrencyCode();
                amounts[i] = price.unitPrice().amount().toPlainString();
                froms[i] = price.effectiveFrom().toString();
                i++;
            }
        }
        writes.queue(TABLES, PUBLISHED, new MapSqlParameterSource()
                .addValue("id", event.offerId().value())
                .addValue("name", event.name())
                .addValue("description", event.description(), Types.VARCHAR)
                .addValue("publisherId", event.publisher().publisherId())
                .addValue("publisherName", event.publisher().name())
                .addValue("email", event.publisher().supportEmail(), Types.VARCHAR)
                .addValue("url", event.publisher().supportUrl(), Types.VARCHAR)
                .addValue("kind", event.publisher().kind().name())
                .addValue("type", event.offerType().name())
                .addValue("csp", event.offeredToCspPartners())
                .addValue("categories", event.categories().toArray(String[]::new))
                .addValue("categoryText", String.join(" ", event.categories()))
                .addValue("countries", event.countries().toArray(String[]::new))
                .addValue("at", utc(at))
                .addValue("version", version)
                .addValue("skuIds", skus.stream().map(Sku::skuId).toArray(String[]::new))
                .addValue("skuNames", skus.stream().map(Sku::name).toArray(String[]::new))
                .addValue("terms", skus.stream().map(k -> k.term().name()).toArray(String[]::new))
                .addValue("cycles", skus.stream().map(k -> k.billingCycle().name()).toArray(String[]::new))
                .addValue("mins", skus.stream().map(Sku::minQuantity).toArray(Integer[]::new))
                .addValue("maxes", skus.stream().map(Sku::maxQuantity).toArray(Integer[]::new))
                .addValue("trials", skus.stream().map(Sku::trial).toArray(Boolean[]::new))
                .addValue("priceSkus", priceSkus)
                .addValue("markets", markets)
                .addValue("currencies", currencies)
                .addValue("amounts", amounts)
                .addValue("froms", froms));
    }

    @EventHandler
    void on(SkuPriceChanged event, @Timestamp Instant at, @SequenceNumber long version) {
        writes.queue(TABLES, PRICE_CHANGED, new MapSqlParameterSource()
                .addValue("id", event.offerId().value())
                .addValue("sku", event.skuId())
                .addValue("market", event.market())
                .addValue("currency", event.unitPrice().currency().getCurrencyCode())
                .addValue("price", event.unitPrice().amount())
                .addValue("from", event.effectiveFrom())
                .addValue("at", utc(at))
                .addValue("version", version));
    }

    @EventHandler
    void on(OfferAvailabilityChanged event, @SequenceNumber long version) {
        writes.queue(TABLES, "UPDATE offer_view SET countries = :countries, version = :version WHERE offer_id = :id",
                new MapSqlParameterSource()
                        .addValue("countries", event.countries().toArray(String[]::new))
                        .addValue("version", version)
                        .addValue("id", event.offerId().value()));
    }

    @EventHandler
    void on(OfferWithdrawn event, @SequenceNumber long version) {
        writes.queue(TABLES, """
                        UPDATE offer_view SET withdrawn = true, withdrawn_reason = :reason, withdrawn_at = :at, version = :version
                        WHERE offer_id = :id""", new MapSqlParameterSource()
                .addValue("reason", event.reason())
                .addValue("at", utc(event.withdrawnAt()))
                .addValue("version", version)
                .addValue("id", event.offerId().value()));
    }

    @Override
    public List<String> projectedTables() {
        return List.of("offer_view", "offer_sku", "sku_price");
    }

    /**
     * The searches' and the price list's ways in (three of them GIN, an entry per word, category or country of each
     * offer); the handlers write by offer, SKU and price keys only.
     */
    @Override
    public List<String> indexesBuiltAfterRebuild() {
        return List.of("offer_view_publisher", "offer_view_search", "offer_view_categories", "offer_view_countries",
                "offer_view_type", "offer_view_name", "offer_view_on_shelf_by_name", "sku_price_market");
    }

    @ResetHandler
    void reset() {
        // TRUNCATE, not DELETE: a rebuild then writes into empty files, with no dead rows to skip and vacuum (its lock
        // makes readers wait for the reset's transaction, which commits at once)
        writes.now("TRUNCATE offer_view, offer_sku, sku_price", new MapSqlParameterSource());
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
