package com.cspmarket.subscription.catalog.integration;

import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import com.cspmarket.events.Topics;
import com.cspmarket.events.catalog.OfferPublished;
import com.cspmarket.events.catalog.OfferWithdrawn;
import com.cspmarket.events.catalog.SkuPriceChanged;
import com.cspmarket.kit.Inbox;
import com.cspmarket.kit.RecordBatches;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the plans and their price history from catalog integration events. Prices are facts keyed by their
 * effective date, so a redelivered or re-published event writes the same row again and changes nothing.
 */
@Component
class CatalogPlansConsumer {

    private static final String CONSUMER = "catalog-plans";

    private final RecordBatches batches;
    private final JdbcClient jdbc;
    private final Inbox inbox;

    CatalogPlansConsumer(RecordBatches batches, JdbcClient jdbc, Inbox inbox) {
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
            for (OfferPublished.Sku sku : offer.skus()) {
                jdbc.sql("""
                                INSERT INTO plan (offer_id, sku_id, min_quantity, max_quantity) VALUES (:offer, :sku, :min, :max)
                                ON CONFLICT (offer_id, sku_id) DO UPDATE SET min_quantity = EXCLUDED.min_quantity,
                                    max_quantity = EXCLUDED.max_quantity""")
                        .param("offer", offer.offerId()).param("sku", sku.skuId())
                        .param("min", sku.minQuantity()).param("max", sku.maxQuantity())
                        .update();
                for (OfferPublished.Price price : sku.prices()) {
                    price(offer.offerId(), sku.skuId(), price.market(), price.effectiveFrom(), price.unitPrice());
                }
            }
        } else if (event instanceof SkuPriceChanged change) {
            price(change.offerId(), change.skuId(), change.market(), change.effectiveFrom(), change.unitPrice());
        } else if (event instanceof OfferWithdrawn withdrawn) {
            jdbc.sql("UPDATE plan SET withdrawn = true WHERE offer_id = :offer").param("offer", withdrawn.offerId()).update();
        }
    }

    private void price(String offerId, String skuId, String market, LocalDate from, com.cspmarket.events.Money price) {
        jdbc.sql("""
                        INSERT INTO plan_price (offer_id, sku_id, market, effective_from, currency, unit_price)
                        VALUES (:offer, :sku, :market, :from, :currency, :price)
                        ON CONFLICT (offer_id, sku_id, market, effective_from)
                            DO UPDATE SET currency = EXCLUDED.currency, unit_price = EXCLUDED.unit_price""")
                .param("offer", offerId).param("sku", skuId).param("market", market).param("from", from)
                .param("currency", price.currency()).param("price", price.amount())
                .update();
    }
}
