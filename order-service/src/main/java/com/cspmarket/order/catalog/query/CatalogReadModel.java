package com.cspmarket.order.catalog.query;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;

@Component
public class CatalogReadModel {

    private final JdbcClient jdbc;

    CatalogReadModel(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean offerExists(String offerId) {
        return jdbc.sql("SELECT count(*) FROM catalog_offer WHERE offer_id = :id").param("id", offerId)
                .query(Integer.class).single() > 0;
    }

    /** The SKU, with the price in force on {@code day} for {@code market} if there is one. */
    public Optional<CatalogItem> find(String offerId, String skuId, String market, LocalDate day) {
        return jdbc.sql("""
                        SELECT o.offer_id, o.name, o.publisher_name, o.offer_type, o.offered_to_csp, o.withdrawn, o.countries,
                               s.sku_id, s.term, s.billing_cycle, s.min_quantity, s.max_quantity,
                               p.unit_price, p.currency, s.name, o.publisher_id
                        FROM catalog_offer o
                        JOIN catalog_sku s ON s.offer_id = o.offer_id
                        LEFT JOIN LATERAL (SELECT unit_price, currency FROM catalog_price p
                                           WHERE p.offer_id = s.offer_id AND p.sku_id = s.sku_id AND p.market = :market
                                             AND p.effective_from <= :day
                                           ORDER BY p.effective_from DESC LIMIT 1) p ON true
                        WHERE o.offer_id = :offer AND s.sku_id = :sku""")
                .param("offer", offerId).param("sku", skuId).param("market", market).param("day", day)
                .query((rs, n) -> new CatalogItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getBoolean(6), Arrays.asList((String[]) rs.getArray(7).getArray()),
                        rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11), rs.getInt(12),
                        rs.getBigDecimal(13) == null ? Optional.empty()
                                : Optional.of(new CatalogItem.Price(rs.getBigDecimal(13), rs.getString(14))),
                        rs.getString(15), rs.getString(16)))
                .optional();
    }
}
