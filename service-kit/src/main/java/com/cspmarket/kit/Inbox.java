package com.cspmarket.kit;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Remembers which integration events this service has processed. Called inside the transaction that applies
 * the event, so "processed" and its effects commit together: a redelivered event is recognised and skipped.
 */

public class Inbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    Inbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Decodes a Kafka record and admits it once per consumer.
     *
     * @return the envelope the first time this consumer sees its event id; empty for a duplicate or for an event
     * type this contract version does not know (a newer producer's event is skipped, not failed)
     * @throws EventCodec.MalformedEventException for bytes that are not an envelope (never retried)
     */
    public Optional<EventEnvelope<IntegrationEvent>> admit(String consumer, byte[] record) {
        return EventCodec.decode(record).filter(envelope -> firstDelivery(consumer, envelope.eventId()));
    }

    /**
     * Axon metadata that carries an integration event's lineage into the commands it causes: the flow's
     * correlation id (Axon's traceId) and the event's own id.
     */
    public static MetaData lineage(EventEnvelope<?> envelope) {
        return MetaData.with("traceId", envelope.correlationId() == null
                        ? envelope.eventId().toString() : envelope.correlationId())
                .and("sourceEventId", envelope.eventId().toString());
    }

    /** @return true the first time this consumer sees the event id, false for a duplicate */
    public boolean firstDelivery(String consumer, UUID eventId) {
        return jdbc.sql("""
                        INSERT INTO inbox (consumer, event_id, processed_at) VALUES (:consumer, :id, :at)
                        ON CONFLICT DO NOTHING""")
                .param("consumer", consumer)
                .param("id", eventId)
                .param("at", OffsetDateTime.now(clock))
                .update() == 1;
    }
}
