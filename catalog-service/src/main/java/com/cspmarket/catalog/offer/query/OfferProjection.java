package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.api.OfferPublished;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Instant;

/** Keeps offer_view; idempotent (an upsert per offer), so a replay rebuilds it exactly. */
@Component
@ProcessingGroup("offer-projection")
class OfferProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    OfferProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(OfferPublished event, @Timestamp Instant publishedAt, @SequenceNumber long version) throws JsonProcessingException {
        OfferDetails details = new OfferDetails(event.offerId().value(), event.name(), event.description(),
                event.publisher(), event.offerType(), event.offeredToCspPartners(), event.categories(),
                event.countries(), event.skus(), publishedAt);
        jdbc.sql("""
                        INSERT INTO offer_view (offer_id, name, publisher_id, publisher_name, offer_type, offered_to_csp,
                                                countries, document, published_at, version)
                        VALUES (:id, :name, :publisherId, :publisherName, :type, :csp, :countries, CAST(:doc AS jsonb), :at, :version)
                        ON CONFLICT (offer_id) DO UPDATE SET name = EXCLUDED.name, publisher_id = EXCLUDED.publisher_id,
                            publisher_name = EXCLUDED.publisher_name, offer_type = EXCLUDED.offer_type,
                            offered_to_csp = EXCLUDED.offered_to_csp, countries = EXCLUDED.countries,
                            document = EXCLUDED.document, published_at = EXCLUDED.published_at, version = EXCLUDED.version
                        """)
                .param("id", event.offerId().value())
                .param("name", event.name())
                .param("publisherId", event.publisher().publisherId())
                .param("publisherName", event.publisher().name())
                .param("type", event.offerType().name())
                .param("csp", event.offeredToCspPartners())
                .param("countries", event.countries().toArray(String[]::new))
                .param("doc", json.writeValueAsString(details))
                .param("at", OffsetDateTime.ofInstant(publishedAt, ZoneOffset.UTC))
                .param("version", version)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM offer_view").update();
    }
}
