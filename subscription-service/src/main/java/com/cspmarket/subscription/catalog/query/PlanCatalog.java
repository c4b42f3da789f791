package com.cspmarket.subscription.catalog.query;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/** Reads subscription-service's own copy of the catalog's plans and prices. */
@Component
public class PlanCatalog {

    /** The limits of a plan and whether its offer was withdrawn. */
    public record Plan(String offerId, String skuId, int minQuantity, int maxQuantity, boolean withdrawn) {
    }

    /** A price in a market, effective from a UTC date until the next one. */
    public record PlanPrice(String currency, BigDecimal unitPrice, LocalDate effectiveFrom) {
    }

    private final JdbcClient jdbc;

    PlanCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Plan> plan(String offerId, String skuId) {
        return jdbc.sql("SELECT offer_id, sku_id, min_quantity, max_quantity, withdrawn FROM plan WHERE offer_id = :offer AND sku_id = :sku")
                .param("offer", offerId).param("sku", skuId)
                .query((rs, n) -> new Plan(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getBoolean(5)))
                .optional();
    }

    /** The price in force on {@code day} (UTC): the one with the latest effective date not after it. */
    public Optional<PlanPrice> priceOn(String offerId, String skuId, String market, LocalDate day) {
        return jdbc.sql("""
                        SELECT currency, unit_price, effective_from FROM plan_price
                        WHERE offer_id = :offer AND sku_id = :sku AND market = :market AND effective_from <= :day
                        ORDER BY effective_from DESC LIMIT 1""")
                .param("offer", offerId).param("sku", skuId).param("market", market).param("day", day)
                .query((rs, n) -> new PlanPrice(rs.getString(1), rs.getBigDecimal(2), rs.getObject(3, LocalDate.class)))
                .optional();
    }
}
