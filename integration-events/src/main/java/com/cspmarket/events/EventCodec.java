package com.cspmarket.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
        EventEnvelope<IntegrationEvent> read;
        try {
            read = decodeInOnePass(bytes);
        } catch (IOException | RuntimeException e) {
            read = null; // whatever is wrong with it, the tree's way says so, with its own words
        }
        return read != null ? Optional.of(read) : decodeTree(bytes);
    }

    /**
     * The envelope as its producers write it ({@link #encode}: the event type before the payload), read in one pass:
     * the payload bound straight from the bytes to its type, without a tree of the whole envelope first (that took
     * 12-16 % of a consumer's time under load, JFR; BENCHMARKS.md). Null for anything else (the payload before the
     * type, a field twice, a value of another kind than the producers write, an unknown type, a missing field):
     * {@link #decodeTree} then decides, so the result, or the error, is the tree's in every case.
     */
    static EventEnvelope<IntegrationEvent> decodeInOnePass(byte[] bytes) throws IOException {
        try (JsonParser parser = MAPPER.createParser(bytes)) {
            return envelopeInOnePass(parser);
        } catch (OtherShape e) {
            return null;
        }
    }

    private static EventEnvelope<IntegrationEvent> envelopeInOnePass(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw OtherShape.INSTANCE;
        }
        String eventId = null;
        String wireName = null;
        EventType type = null;
        Integer version = null;
        String occurredAt = null;
        String aggregateId = null;
        Long sequence = null;
        String correlationId = null;
        String causationId = null;
        String traceparent = null;
        IntegrationEvent payload = null;
        java.util.Set<String> seen = new java.util.HashSet<>(16);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!seen.add(field)) {
                throw OtherShape.INSTANCE;
            }
            switch (field) {
                case "eventId" -> eventId = string(parser, value);
                case "eventType" -> {
                    wireName = string(parser, value);
                    type = EventType.byWireName(wireName).orElseThrow(() -> OtherShape.INSTANCE);
                }
                case "eventVersion" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
                        throw OtherShape.INSTANCE;
                    }
                    version = parser.getIntValue();
                }
                case "occurredAt" -> occurredAt = string(parser, value);
                case "aggregateId" -> aggregateId = string(parser, value);
                case "aggregateSequence" -> {
                    if (value != JsonToken.VALUE_NULL && (value != JsonToken.VALUE_NUMBER_INT
                            || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER || parser.getLongValue() < 0)) {
                        throw OtherShape.INSTANCE;
                    }
                    sequence = value == JsonToken.VALUE_NULL ? null : parser.getLongValue();
                }
                case "correlationId" -> correlationId = value == JsonToken.VALUE_NULL ? null : string(parser, value);
                case "causationId" -> causationId = value == JsonToken.VALUE_NULL ? null : string(parser, value);
                case "traceparent" -> traceparent = value == JsonToken.VALUE_NULL ? null : string(parser, value);
                case "payload" -> {
                    if (type == null || value != JsonToken.START_OBJECT) {
                        throw OtherShape.INSTANCE;
                    }
                    payload = MAPPER.readValue(parser, type.payloadType());
                }
                default -> parser.skipChildren();
            }
        }
        if (eventId == null || type == null || occurredAt == null || aggregateId == null || payload == null) {
            throw OtherShape.INSTANCE;
        }
        Instant at = IsoInstants.parse(occurredAt);
        return new EventEnvelope<>(UUID.fromString(eventId), wireName, version == null ? type.version() : version,
                at != null ? at : Instant.parse(occurredAt), aggregateId, sequence, correlationId, causationId,
                traceparent, payload);
    }

    /** The text of a string value; any other kind of value is not the producers' shape. */
    private static String string(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw OtherShape.INSTANCE;
        }
        return parser.getText();
    }

    /** An envelope not in the shape producers write: {@link #decodeTree} decides about it. */
    private static final class OtherShape extends RuntimeException {
        static final OtherShape INSTANCE = new OtherShape();

        private OtherShape() {
            super(null, null, false, false); // no stack trace: a sign, not an error
        }
    }

    /** {@link #decode} by way of a tree of the whole envelope: the rule for every envelope, the way for any. */
    static Optional<EventEnvelope<IntegrationEvent>> decodeTree(byte[] bytes) {
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
