package com.cspmarket.kit;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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
        Ahead ahead = (Ahead) TransactionSynchronizationManager.getResource(new AheadKey(this, consumer));
        if (ahead != null) {
            Optional<EventEnvelope<IntegrationEvent>> answer = ahead.answers.remove(record);
            if (answer != null) {
                return answer;
            }
        }
        return EventCodec.decode(record).filter(envelope -> firstDelivery(consumer, envelope.eventId()));
    }

    /**
     * Admits a poll's records in one statement, in the caller's transaction, ahead of {@link #admit}: a record's
     * {@code admit} in the same transaction then answers without a statement of its own (the first of two records with
     * one event id is admitted, the second is a duplicate, as one at a time). Records that are not envelopes are left
     * to {@code admit}, which throws for them as ever. Without a transaction this does nothing.
     */
    public void admitAhead(String consumer, List<ConsumerRecord<String, byte[]>> poll) {
        List<byte[]> records = poll.stream().map(ConsumerRecord::value).toList();
        if (!TransactionSynchronizationManager.isSynchronizationActive() || records.isEmpty()) {
            return;
        }
        Map<byte[], Optional<EventEnvelope<IntegrationEvent>>> answers = new IdentityHashMap<>();
        Map<byte[], EventEnvelope<IntegrationEvent>> decoded = new IdentityHashMap<>();
        for (byte[] record : records) {
            try {
                EventCodec.decode(record).ifPresentOrElse(envelope -> decoded.put(record, envelope),
                        () -> answers.put(record, Optional.empty()));
            } catch (EventCodec.MalformedEventException e) {
                // admit() reports it
            }
        }
        if (!decoded.isEmpty()) {
            String ids = decoded.values().stream().map(e -> e.eventId().toString()).distinct()
                    .collect(Collectors.joining(",", "{", "}"));
            Set<UUID> firsts = new HashSet<>(jdbc.sql("""
                            INSERT INTO inbox (consumer, event_id, processed_at)
                            SELECT :consumer, id, :at FROM unnest(CAST(:ids AS uuid[])) AS id
                            ON CONFLICT DO NOTHING RETURNING event_id""")
                    .param("consumer", consumer)
                    .param("ids", ids)
                    .param("at", OffsetDateTime.now(clock))
                    .query(UUID.class).list());
            for (byte[] record : records) {
                EventEnvelope<IntegrationEvent> envelope = decoded.get(record);
                if (envelope != null) {
                    answers.put(record, firsts.remove(envelope.eventId()) ? Optional.of(envelope) : Optional.empty());
                }
            }
        }
        AheadKey key = new AheadKey(this, consumer);
        if (TransactionSynchronizationManager.hasResource(key)) {
            ((Ahead) TransactionSynchronizationManager.getResource(key)).answers.putAll(answers);
            return;
        }
        TransactionSynchronizationManager.bindResource(key, new Ahead(answers));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
    }

    /** The answers {@link #admitAhead} found for one consumer in the current transaction, by record (identity). */
    private record Ahead(Map<byte[], Optional<EventEnvelope<IntegrationEvent>>> answers) {
    }

    private record AheadKey(Inbox inbox, String consumer) {
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
