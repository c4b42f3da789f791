package com.cspmarket.billing.charge.integration;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores the order of each subscription's history, whatever order Kafka delivers its events in: an event is
 * applied only after every earlier one of the same subscription (by the envelope's {@code aggregateSequence}, which
 * runs 0, 1, 2, ... on the subscriptions topic). One from further ahead waits, parked in PostgreSQL, until the gap
 * before it is filled; one already applied (a copy, perhaps under a new event id) is recognised by its sequence.
 * Called in the consumer's transaction: the cursor row is locked, so two deliveries for one subscription take turns,
 * and parking, applying and advancing commit with the effects or not at all. A subscription billing already knew from
 * envelopes without a sequence (written before sequences existed) counts from its first sequenced event.
 */
@Component
class SubscriptionHistoryOrder {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionHistoryOrder.class);

    private final JdbcClient jdbc;
    private final Clock clock;

    SubscriptionHistoryOrder(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("billing.subscription.events.parked", this, SubscriptionHistoryOrder::parked)
                .description("subscription events waiting for an earlier event of the same subscription")
                .register(meters);
        Gauge.builder("billing.subscription.events.parked.oldest.seconds", this, o -> o.oldestWait().toSeconds())
                .description("how long the longest-waiting parked subscription event has waited (business clock)")
                .register(meters);
    }

    /**
     * @param envelope an admitted event with an aggregate sequence
     * @param record   its bytes, kept while it waits
     * @return what to apply now, in history order: nothing while an earlier event is missing or for one applied
     * before; otherwise this event followed by the parked ones that directly succeed it
     */
    List<EventEnvelope<IntegrationEvent>> arrived(EventEnvelope<IntegrationEvent> envelope, byte[] record) {
        String subscription = envelope.aggregateId();
        long sequence = envelope.aggregateSequence();
        if (nextInOrder(subscription, sequence)) {
            return List.of(envelope);
        }
        boolean firstSequenced = jdbc.sql("""
                        INSERT INTO subscription_event_cursor (subscription_id, next_sequence) VALUES (:id, 0)
                        ON CONFLICT DO NOTHING""")
                .param("id", subscription).update() == 1;
        if (firstSequenced && sequence > 0 && billedBefore(subscription)) {
            // billing knew this subscription from envelopes without a sequence (sent before sequences existed):
            // its history so far has been applied in arrival order, the sequence counts from here
            jdbc.sql("UPDATE subscription_event_cursor SET next_sequence = :sequence WHERE subscription_id = :id")
                    .param("id", subscription).param("sequence", sequence).update();
        }
        long next = jdbc.sql("SELECT next_sequence FROM subscription_event_cursor WHERE subscription_id = :id FOR UPDATE")
                .param("id", subscription).query(Long.class).single();
        if (sequence < next) {
            return List.of(); // applied already: a copy under another event id
        }
        if (sequence > next) {
            int parked = jdbc.sql("""
                            INSERT INTO subscription_event_parked (subscription_id, sequence, event_id, envelope, parked_at)
                            VALUES (:id, :sequence, :eventId, :envelope, :at) ON CONFLICT DO NOTHING""")
                    .param("id", subscription).param("sequence", sequence).param("eventId", envelope.eventId())
                    .param("envelope", record).param("at", OffsetDateTime.now(clock)).update();
            if (parked == 1) {
                jdbc.sql("UPDATE subscription_event_cursor SET parked = parked + 1 WHERE subscription_id = :id")
                        .param("id", subscription).update();
                log.info("{} #{} of subscription {} waits for #{}", envelope.eventType(), sequence, subscription, next);
            }
            return List.of();
        }
        List<EventEnvelope<IntegrationEvent>> ready = new ArrayList<>();
        ready.add(envelope);
        long following = sequence + 1;
        for (Parked waiting : jdbc.sql("""
                        SELECT sequence, envelope FROM subscription_event_parked
                        WHERE subscription_id = :id ORDER BY sequence""")
                .param("id", subscription).query(Parked.class).list()) {
            if (waiting.sequence() != following) {
                break;
            }
            ready.add(EventCodec.decode(waiting.envelope()).orElseThrow());
            following++;
        }
        if (ready.size() > 1) {
            jdbc.sql("DELETE FROM subscription_event_parked WHERE subscription_id = :id AND sequence < :following")
                    .param("id", subscription).param("following", following).update();
        }
        jdbc.sql("""
                        UPDATE subscription_event_cursor SET next_sequence = :following,
                            parked = (SELECT count(*) FROM subscription_event_parked WHERE subscription_id = :id)
                        WHERE subscription_id = :id""")
                .param("id", subscription).param("following", following).update();
        return ready;
    }

    /**
     * The common case in one statement: the subscription's first event (no cursor yet, so nothing parked), or the
     * next one in order with nothing parked, advances the cursor and is applied alone. Anything else (a copy, an event
     * from ahead, the gap before parked events filled, a subscription known from envelopes without a sequence) is
     * left to the general path. The UPDATE locks the cursor row and sees the row version it locks, parked count
     * included, so an event parked by a transaction it waited for is not passed over.
     */
    private boolean nextInOrder(String subscription, long sequence) {
        if (sequence == 0) {
            return jdbc.sql("""
                            INSERT INTO subscription_event_cursor (subscription_id, next_sequence) VALUES (:id, 1)
                            ON CONFLICT DO NOTHING""")
                    .param("id", subscription).update() == 1;
        }
        return jdbc.sql("""
                        UPDATE subscription_event_cursor SET next_sequence = :sequence + 1
                        WHERE subscription_id = :id AND next_sequence = :sequence AND parked = 0""")
                .param("id", subscription).param("sequence", sequence).update() == 1;
    }

    /** Whether billing has recorded anything of this subscription (its billing aggregate has events). */
    private boolean billedBefore(String subscription) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM domain_event_entry WHERE aggregate_identifier = :id)")
                .param("id", subscription).query(Boolean.class).single();
    }

    long parked() {
        return jdbc.sql("SELECT count(*) FROM subscription_event_parked").query(Long.class).single();
    }

    Duration oldestWait() {
        return jdbc.sql("SELECT min(parked_at) FROM subscription_event_parked").query(OffsetDateTime.class).optional()
                .map(at -> Duration.between(at.toInstant(), Instant.now(clock)))
                .orElse(Duration.ZERO);
    }

    record Parked(long sequence, byte[] envelope) {
    }
}
