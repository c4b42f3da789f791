package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.api.OfferAvailabilityChanged;
import com.cspmarket.catalog.offer.api.OfferPublished;
import com.cspmarket.catalog.offer.api.OfferWithdrawn;
import com.cspmarket.catalog.offer.api.Sku;
import com.cspmarket.catalog.offer.api.SkuPrice;
import com.cspmarket.catalog.offer.api.SkuPriceChanged;
import com.cspmarket.kit.ProjectedTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps offer_view, offer_sku and sku_price. Every handler is an upsert keyed by what the event is about, so a
 * redelivery or a replay (after {@link #reset()}) rebuilds the same tables.
 */
@Component
@ProcessingGroup("offer-projection")
class OfferProjection implements ProjectedTables {

    private static final String SEARCH_VECTOR = """
            setweight(to_tsvector('simple', :name), 'A') || setweight(to_tsvector('simple', :publisherName), 'B')
            || setweight(to_tsvector('simple', :categoryText), 'B') || setweight(to_tsvector('simple', :description), 'C')""";

    private final JdbcClient jdbc;

    OfferProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OfferPublished event, @Timestamp Instant at, @SequenceNumber long version) {
        String offerId = event.offerId().value();
        jdbc.sql("""
                        INSERT INTO offer_view (offer_id, name, description, publisher_id, publisher_name, support_email,
                            support_url, publisher_kind, offer_type, offered_to_csp, categories, countries, published_at,
                            version, search)
                        VALUES (:id, :name, :description, :publisherId, :publisherName, :email, :url, :kind, :type, :csp,
                            :categories, :countries, :at, :version, """ + SEARCH_VECTOR + """
                        )
                        ON CONFLICT (offer_id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
                            publisher_id = EXCLUDED.publisher_id, publisher_name = EXCLUDED.publisher_name,
                            support_email = EXCLUDED.support_email, support_url = EXCLUDED.support_url,
                            publisher_kind = EXCLUDED.publisher_kind, offer_type = EXCLUDED.offer_type,
                            offered_to_csp = EXCLUDED.offered_to_csp, categories = EXCLUDED.categories,
                            countries = EXCLUDED.countries, published_at = EXCLUDED.published_at,
                            version = EXCLUDED.version, search = EXCLUDED.search""")
                .param("id", offerId)
                .param("name", event.name())
                .param("description", event.description(), java.sql.Types.VARCHAR)
                .param("publisherId", event.publisher().publisherId())
                .param("publisherName", event.publisher().name())
                .param("email", event.publisher().supportEmail(), java.sql.Types.VARCHAR)
                .param("url", event.publisher().supportUrl(), java.sql.Types.VARCHAR)
                .param("kind", event.publisher().kind().name())
                .param("type", event.offerType().name())
                .param("csp", event.offeredToCspPartners())
                .param("categories", event.categories().toArray(String[]::new))
                .param("categoryText", String.join(" ", event.categories()))
                .param("countries", event.countries().toArray(String[]::new))
                .param("at", utc(at))
                .param("version", version)
                .update();
        // one statement for all SKUs and one for all prices of the offer (a replay of 100k offers stays fast)
        List<Sku> skus = event.skus();
        jdbc.sql("""
                        INSERT INTO offer_sku (offer_id, sku_id, position, name, term, billing_cycle, min_quantity,
                            max_quantity, trial)
                        SELECT :offer, s.sku_id, s.position - 1, s.name, s.term, s.cycle, s.min_q, s.max_q, s.trial
                        FROM unnest(CAST(:skuIds AS varchar[]), CAST(:names AS varchar[]), CAST(:terms AS varchar[]),
                                    CAST(:cycles AS varchar[]), CAST(:mins AS int[]), CAST(:maxes AS int[]),
                                    CAST(:trials AS boolean[]))
                             WITH ORDINALITY AS s(sku_id, name, term, cycle, min_q, max_q, trial, position)
                        ON CONFLICT (offer_id, sku_id) DO NOTHING""")
                .param("offer", offerId)
                .param("skuIds", skus.stream().map(Sku::skuId).toArray(String[]::new))
                .param("names", skus.stream().map(Sku::name).toArray(String[]::new))
                .param("terms", skus.stream().map(k -> k.term().name()).toArray(String[]::new))
                .param("cycles", skus.stream().map(k -> k.billingCycle().name()).toArray(String[]::new))
                .param("mins", skus.stream().map(Sku::minQuantity).toArray(Integer[]::new))
                .param("maxes", skus.stream().map(Sku::maxQuantity).toArray(Integer[]::new))
                .param("trials", skus.stream().map(Sku::trial).toArray(Boolean[]::new))
                .update();
        List<String[]> prices = new ArrayList<>();
        for (Sku sku : skus) {
            for (SkuPrice price : sku.prices()) {
                prices.add(new String[]{sku.skuId(), price.market(), price.unitPrice().currency().getCurrencyCode(),
                        price.unitPrice().amount().toPlainString(), price.effectiveFrom().toString()});
            }
        }
        jdbc.sql("""
                        INSERT INTO sku_price (offer_id, sku_id, market, currency, unit_price, effective_from, recorded_at)
                        SELECT :offer, p.sku_id, p.market, p.currency, p.unit_price, p.effective_from, :at
                        FROM unnest(CAST(:skuIds AS varchar[]), CAST(:markets AS varchar[]), CAST(:currencies AS varchar[]),
                                    CAST(:amounts AS numeric[]), CAST(:froms AS date[]))
                             AS p(sku_id, market, currency, unit_price, effective_from)
                        ON CONFLICT (offer_id, sku_id, market, effective_from) DO UPDATE
                            SET currency = EXCLUDED.currency, unit_price = EXCLUDED.unit_price,
                                recorded_at = EXCLUDED.recorded_at""")
                .param("offer", offerId)
                .param("skuIds", prices.stream().map(p -> p[0]).toArray(String[]::new))
                .param("markets", prices.stream().map(p -> p[1]).toArray(String[]::new))
                .param("currencies", prices.stream().map(p -> p[2]).toArray(String[]::new))
                .param("amounts", prices.stream().map(p -> p[3]).toArray(String[]::new))
                .param("froms", prices.stream().map(p -> p[4]).toArray(String[]::new))
                .param("at", utc(at))
                .update();
    }

    @EventHandler
    void on(SkuPriceChanged event, @Timestamp Instant at, @SequenceNumber long version) {
        upsertPrice(event.offerId().value(), event.skuId(), event.market(),
                event.unitPrice().currency().getCurrencyCode(), event.unitPrice().amount(), event.effectiveFrom(), at);
        touch(event.offerId().value(), version);
    }

    @EventHandler
    void on(OfferAvailabilityChanged event, @SequenceNumber long version) {
        jdbc.sql("UPDATE offer_view SET countries = :countries, version = :version WHERE offer_id = :id")
                .param("countries", event.countries().toArray(String[]::new)).param("version", version)
                .param("id", event.offerId().value())
                .update();
    }

    @EventHandler
    void on(OfferWithdrawn event, @SequenceNumber long version) {
        jdbc.sql("""
                        UPDATE offer_view SET withdrawn = true, withdrawn_reason = :reason, withdrawn_at = :at, version = :version
                        WHERE offer_id = :id""")
                .param("reason", event.reason()).param("at", event.withdrawnAt().atOffset(java.time.ZoneOffset.UTC))
                .param("version", version).param("id", event.offerId().value())
                .update();
    }

    @Override
    public List<String> projectedTables() {
        return List.of("offer_view", "offer_sku", "sku_price");
    }

    @ResetHandler
    void reset() {
        // TRUNCATE, not DELETE: a rebuild then writes into empty files, with no dead rows to skip and vacuum (its lock
        // makes readers wait for the reset's transaction, which commits at once)
        jdbc.sql("TRUNCATE offer_view, offer_sku, sku_price").update();
    }

    private void upsertPrice(String offerId, String skuId, String market, String currency, BigDecimal unitPrice,
                             LocalDate effectiveFrom, Instant at) {
        jdbc.sql("""
                        INSERT INTO sku_price (offer_id, sku_id, market, currency, unit_price, effective_from, recorded_at)
                        VALUES (:offer, :sku, :market, :currency, :price, :from, :at)
                        ON CONFLICT (offer_id, sku_id, market, effective_from) DO UPDATE
                            SET currency = EXCLUDED.currency, unit_price = EXCLUDED.unit_price,
                                recorded_at = EXCLUDED.recorded_at""")
                .param("offer", offerId).param("sku", skuId).param("market", market).param("currency", currency)
                .param("price", unitPrice).param("from", effectiveFrom).param("at", utc(at))
                .update();
    }

    private void touch(String offerId, long version) {
        jdbc.sql("UPDATE offer_view SET version = :version WHERE offer_id = :id")
                .param("version", version).param("id", offerId).update();
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
