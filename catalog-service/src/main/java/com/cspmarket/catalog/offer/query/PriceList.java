package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.query.CatalogViews.PriceChange;
import com.cspmarket.catalog.offer.query.CatalogViews.PriceListRow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

/**
 * The price list: every price in force on a date of what CSP partners can sell (SaaS offers offered to CSP
 * partners, not withdrawn, in markets where they are available), for all markets or one, read with a server-side cursor so an
 * export of any size streams in constant memory. And the difference between the lists of two dates.
 */
@Component
public class PriceList {

    private static final String ROWS = """
            SELECT o.offer_id, o.name, o.publisher_name, s.sku_id, s.name, s.term, s.billing_cycle,
                   p.market, p.currency, p.unit_price, p.effective_from
            FROM (""" + OfferReadModel.PRICES_IN_FORCE + """
                  AND (CAST(:market AS varchar) IS NULL OR p.market = :market)
                  ORDER BY p.offer_id, p.sku_id, p.market, p.effective_from DESC) p
            JOIN offer_view o ON o.offer_id = p.offer_id AND NOT o.withdrawn AND o.offer_type = 'SAAS' AND o.offered_to_csp
            JOIN offer_sku s ON s.offer_id = p.offer_id AND s.sku_id = p.sku_id
            WHERE o.countries @> ARRAY[p.market]
            ORDER BY o.offer_id, s.position, p.market""";

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    PriceList(DataSource dataSource, TransactionTemplate transactions) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(1000);
        this.jdbc = JdbcClient.create(template);
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    /** Hands every row of the list in force on {@code day} to {@code sink}, in offer, SKU, market order. */
    public void stream(LocalDate day, String market, Consumer<PriceListRow> sink) {
        // PostgreSQL only uses a cursor (fetch size) inside a transaction
        readOnly.executeWithoutResult(tx -> jdbc.sql(ROWS).param("day", day).param("market", market)
                .query(rs -> {
                    sink.accept(new PriceListRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            OfferReadModel.scaled(rs.getBigDecimal(10), rs.getString(9)),
                            rs.getObject(11, LocalDate.class)));
                }));
    }

    /** Prices whose value in force on {@code until} differs from the one in force on {@code since}. */
    public List<PriceChange> changes(LocalDate since, LocalDate until, String market) {
        String inForce = """
                SELECT DISTINCT ON (offer_id, sku_id, market) offer_id, sku_id, market, currency, unit_price, effective_from
                FROM sku_price WHERE effective_from <= %s AND (CAST(:market AS varchar) IS NULL OR market = :market)
                ORDER BY offer_id, sku_id, market, effective_from DESC""";
        return jdbc.sql("WITH before AS (" + inForce.formatted(":since") + "), after AS (" + inForce.formatted(":until") + """
                        )
                        SELECT a.offer_id, o.name, a.sku_id, a.market, a.currency, b.unit_price, a.unit_price, a.effective_from
                        FROM after a
                        JOIN offer_view o ON o.offer_id = a.offer_id
                        LEFT JOIN before b ON b.offer_id = a.offer_id AND b.sku_id = a.sku_id AND b.market = a.market
                        WHERE b.unit_price IS DISTINCT FROM a.unit_price
                        ORDER BY a.effective_from, a.offer_id, a.sku_id, a.market""")
                .param("since", since).param("until", until).param("market", market)
                .query((rs, n) -> new PriceChange(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBigDecimal(6) == null ? null : OfferReadModel.scaled(rs.getBigDecimal(6), rs.getString(5)),
                        OfferReadModel.scaled(rs.getBigDecimal(7), rs.getString(5)), rs.getObject(8, LocalDate.class)))
                .list();
    }
}
