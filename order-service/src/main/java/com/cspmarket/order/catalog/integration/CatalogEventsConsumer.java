package com.cspmarket.order.catalog.integration;

import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Topics;
import com.cspmarket.events.catalog.OfferAvailabilityChanged;
import com.cspmarket.events.catalog.OfferPublished;
import com.cspmarket.events.catalog.OfferWithdrawn;
import com.cspmarket.events.catalog.SkuPriceChanged;
import com.cspmarket.kit.Inbox;
import com.cspmarket.kit.RecordBatches;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Keeps order-service's own catalog read model from catalog integration events; duplicates change nothing. */
@Component
class CatalogEventsConsumer {

    private static final String CONSUMER = "catalog-read-model";

    private final RecordBatches batches;
    private final JdbcClient jdbc;
    private final Inbox inbox;

    CatalogEventsConsumer(RecordBatches batches, JdbcClient jdbc, Inbox inbox) {
        this.batches = batches;
        this.jdbc = jdbc;
        this.inbox = inbox;
    }

    /** A poll's records in one transaction ({@link RecordBatches}). */
    @KafkaListener(topics = Topics.CATALOG_OFFERS, batch = "true")
    public void onRecords(List<ConsumerRecord<String, byte[]>> records) {
        batches.apply(records, batch -> inbox.admitAhead(CONSUMER, batch), this::apply);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        Optional<EventEnvelope<IntegrationEvent>> decoded = inbox.admit(CONSUMER, record.value());
        if (decoded.isEmpty()) {
            return;
        }
        IntegrationEvent event = decoded.get().payload();
        if (event instanceof OfferPublished offer) {
            replaceOffer(offer, decoded.get());
        } else if (event instanceof SkuPriceChanged price) {
            // only for a SKU we know (a record of the same offer is never ahead of its OfferPublished: same key)
            jdbc.sql("""
                            INSERT INTO catalog_price (offer_id, sku_id, market, currency, unit_price, effective_from)
                            SELECT :offer, :sku, :market, :currency, :price, :from
                            WHERE EXISTS (SELECT 1 FROM catalog_sku WHERE offer_id = :offer AND sku_id = :sku)
                            ON CONFLICT (offer_id, sku_id, market, effective_from)
                                DO UPDATE SET currency = EXCLUDED.currency, unit_price = EXCLUDED.unit_price""")
                    .param("offer", price.offerId()).param("sku", price.skuId()).param("market", price.market())
                    .param("currency", price.unitPrice().currency()).param("price", price.unitPrice().amount())
                    .param("from", price.effectiveFrom())
                    .update();
        } else if (event instanceof OfferAvailabilityChanged availability) {
            jdbc.sql("UPDATE catalog_offer SET countries = :countries WHERE offer_id = :id")
                    .param("countries", availability.countries().toArray(String[]::new))
                    .param("id", availability.offerId())
                    .update();
        } else if (event instanceof OfferWithdrawn withdrawn) {
            jdbc.sql("UPDATE catalog_offer SET withdrawn = true WHERE offer_id = :id").param("id", withdrawn.offerId())
                    .update();
        }
    }

    private void replaceOffer(OfferPublished offer, EventEnvelope<?> envelope) {
        OffsetDateTime at = OffsetDateTime.ofInstant(envelope.occurredAt(), ZoneOffset.UTC);
        int newer = jdbc.sql("SELECT count(*) FROM catalog_offer WHERE offer_id = :id AND last_event_at > :at")
                .param("id", offer.offerId()).param("at", at).query(Integer.class).single();
        if (newer > 0) {
            return; // an older fact arriving late never overwrites a newer one
        }
        jdbc.sql("DELETE FROM catalog_offer WHERE offer_id = :id").param("id", offer.offerId()).update();
        jdbc.sql("""
                        INSERT INTO catalog_offer (offer_id, name, publisher_name, publisher_id, offer_type, offered_to_csp,
                            countries, last_event_at)
                        VALUES (:id, :name, :publisher, :publisherId, :type, :csp, :countries, :at)""")
                .param("id", offer.offerId())
                .param("name", offer.name())
                .param("publisher", offer.publisher().name())
                .param("publisherId", offer.publisher().publisherId())
                .param("type", offer.offerType())
                .param("csp", offer.offeredToCspPartners())
                .param("countries", offer.countries().toArray(String[]::new))
                .param("at", at)
                .update();
        for (OfferPublished.Sku sku : offer.skus()) {
            jdbc.sql("""
                            INSERT INTO catalog_sku (offer_id, sku_id, name, term, billing_cycle, min_quantity, max_quantity)
                            VALUES (:offer, :sku, :name, :term, :cycle, :min, :max)""")
                    .param("offer", offer.offerId()).param("sku", sku.skuId()).param("name", sku.name())
                    .param("term", sku.term()).param("cycle", sku.billingCycle())
                    .param("min", sku.minQuantity()).param("max", sku.maxQuantity())
                    .update();
            for (OfferPublished.Price price : sku.prices()) {
                jdbc.sql("""
                                INSERT INTO catalog_price (offer_id, sku_id, market, currency, unit_price, effective_from)
                                VALUES (:offer, :sku, :market, :currency, :price, :from)""")
                        .param("offer", offer.offerId()).param("sku", sku.skuId()).param("market", price.market())
                        .param("currency", price.unitPrice().currency()).param("price", price.unitPrice().amount())
                        .param("from", price.effectiveFrom())
                        .update();
            }
        }
    }
}
