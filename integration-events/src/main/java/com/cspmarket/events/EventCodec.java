package com.cspmarket.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns envelopes into the JSON bytes that go on Kafka and back. Unknown fields are ignored (a newer
 * producer may add some); an unknown event type decodes to {@link Optional#empty()} so a consumer can skip it.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new IsoInstants())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private EventCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(EventEnvelope<?> envelope) {
        try {
            return MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + envelope.eventType(), e);
        }
    }

    public static String encodeToString(EventEnvelope<?> envelope) {
        return new String(encode(envelope), StandardCharsets.UTF_8);
    }

    /**
     * @return the decoded envelope, or empty if the event type is not one this contract version knows
     * @throws MalformedEventException if the bytes are not a well-formed envelope of a known type
     */
    public static Optional<EventEnvelope<IntegrationEvent>> decode(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (!(node instanceof ObjectNode root)) {
                throw new MalformedEventException("envelope is not a JSON object");
            }
            String wireName = text(root, "eventType");
            Optional<EventType> type = EventType.byWireName(wireName);
            if (type.isEmpty()) {
                return Optional.empty();
            }
            JsonNode payloadNode = root.get("payload");
            if (payloadNode == null || !payloadNode.isObject()) {
                throw new MalformedEventException("envelope has no payload object");
            }
            IntegrationEvent payload = MAPPER.treeToValue(payloadNode, type.get().payloadType());
            return Optional.of(new EventEnvelope<>(
                    UUID.fromString(text(root, "eventId")),
                    wireName,
                    root.path("eventVersion").asInt(type.get().version()),
                    Instant.parse(text(root, "occurredAt")),
                    text(root, "aggregateId"),
                    sequence(root),
                    root.path("correlationId").asText(null),
                    root.path("causationId").asText(null),
                    root.path("traceparent").isTextual() ? root.get("traceparent").asText() : null,
                    payload));
        } catch (IOException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new MalformedEventException("malformed integration event: " + e.getMessage(), e);
        }
    }

    /** Absent or null in envelopes of producers without one; otherwise a whole number from 0. */
    private static Long sequence(ObjectNode root) {
        JsonNode value = root.get("aggregateSequence");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new MalformedEventException("envelope field 'aggregateSequence' is not a whole number from 0: " + value);
        }
        return value.asLong();
    }

    private static String text(ObjectNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedEventException("envelope field '" + field + "' is missing");
        }
        return value.asText();
    }

    /** The bytes are not an envelope: a poison record, to be logged and parked, never retried forever. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }

        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
