package com.cspmarket.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What travels on Kafka: the event's identity and lineage around its payload.
 *
 * @param eventId       unique per fact; consumers de-duplicate on it (a re-publication keeps it)
 * @param eventType     {@link EventType#wireName()}
 * @param eventVersion  {@link EventType#version()} of the payload's shape
 * @param occurredAt    business time of the fact (UTC)
 * @param aggregateId   the record key
 * @param correlationId the id of the request that started the whole flow
 * @param causationId   the id of the message that directly caused this one
 */
public record EventEnvelope<T extends IntegrationEvent>(
        UUID eventId,
        String eventType,
        int eventVersion,
        Instant occurredAt,
        String aggregateId,
        String correlationId,
        String causationId,
        T payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
    }

    public static <T extends IntegrationEvent> EventEnvelope<T> of(UUID eventId, Instant occurredAt,
                                                                  String correlationId, String causationId,
                                                                  T payload) {
        EventType type = EventType.of(payload);
        return new EventEnvelope<>(eventId, type.wireName(), type.version(), occurredAt, payload.aggregateId(),
                correlationId, causationId, payload);
    }

    public String topic() {
        return EventType.byWireName(eventType).orElseThrow().topic();
    }
}
