package com.cspmarket.events;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * @param aggregateSequence the fact's place in its aggregate's own history (0 for the first), when the producer
 *                      publishes from an event-sourced aggregate; null otherwise (and in envelopes written before
 *                      the field existed). On {@link Topics#SUBSCRIPTIONS} every event of a subscription is published,
 *                      so a subscription's sequence runs 0, 1, 2, ... without gaps: a consumer can restore the order
 *                      whatever order the records arrive in, and recognise a copy under a new event id. On other
 *                      topics it only increases (a producer may keep some of its aggregate's events internal).
 * @param correlationId the id of the request that started the whole flow
 * @param causationId   the id of the message that directly caused this one
 * @param traceparent   the W3C trace context of the span the producer published in (also in the record's
 *                      {@code traceparent} header), so that a consumer acting on the event later (a parked event, a
 *                      re-publication) continues its trace; absent when the producer traced nothing
 */
public record EventEnvelope<T extends IntegrationEvent>(
        UUID eventId,
        String eventType,
        int eventVersion,
        Instant occurredAt,
        String aggregateId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long aggregateSequence,
        String correlationId,
        String causationId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String traceparent,
        T payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
        if (aggregateSequence != null && aggregateSequence < 0) {
            throw new IllegalArgumentException("aggregateSequence must not be negative: " + aggregateSequence);
        }
    }

    public static <T extends IntegrationEvent> EventEnvelope<T> of(UUID eventId, Instant occurredAt,
                                                                  String correlationId, String causationId,
                                                                  T payload) {
        EventType type = EventType.of(payload);
        return new EventEnvelope<>(eventId, type.wireName(), type.version(), occurredAt, payload.aggregateId(),
                null, correlationId, causationId, null, payload);
    }

    /** This envelope with the fact's sequence number in its aggregate's history. */
    public EventEnvelope<T> withAggregateSequence(long sequence) {
        return new EventEnvelope<>(eventId, eventType, eventVersion, occurredAt, aggregateId, sequence, correlationId,
                causationId, traceparent, payload);
    }

    /** This envelope with the producer's trace context (null: none). */
    public EventEnvelope<T> withTraceparent(String traceparent) {
        return new EventEnvelope<>(eventId, eventType, eventVersion, occurredAt, aggregateId, aggregateSequence,
                correlationId, causationId, traceparent, payload);
    }

    public String topic() {
        return EventType.byWireName(eventType).orElseThrow().topic();
    }
}
