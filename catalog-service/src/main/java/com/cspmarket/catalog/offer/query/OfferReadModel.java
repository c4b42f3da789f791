package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.api.OfferType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads offer_view. */
@Component
public class OfferReadModel {

    public record Page<T>(long totalCount, int page, int size, List<T> items) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    OfferReadModel(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<OfferDetails> find(String offerId) {
        return jdbc.sql("SELECT document FROM offer_view WHERE offer_id = :id")
                .param("id", offerId)
                .query((rs, n) -> read(rs.getString(1)))
                .optional();
    }

    public Page<OfferSummary> list(int page, int size) {
        long total = jdbc.sql("SELECT count(*) FROM offer_view").query(Long.class).single();
        List<OfferSummary> items = jdbc.sql("""
                        SELECT offer_id, name, publisher_name, offer_type, offered_to_csp, countries
                        FROM offer_view ORDER BY name, offer_id LIMIT :size OFFSET :offset""")
                .param("size", size)
                .param("offset", (long) page * size)
                .query((rs, n) -> new OfferSummary(rs.getString(1), rs.getString(2), rs.getString(3),
                        OfferType.valueOf(rs.getString(4)), rs.getBoolean(5), strings(rs.getArray(6))))
                .list();
        return new Page<>(total, page, size, items);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private OfferDetails read(String document) {
        try {
            return json.readValue(document, OfferDetails.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("offer_view holds an unreadable document", e);
        }
    }
}
