package com.cspmarket.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Pins the JSON of every integration event. A change of shape must be deliberate: it fails here until the
 * approved file (src/test/resources/approved) is replaced by the received one and the version is considered.
 */
class EventContractApprovalTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void jsonOfEveryEventMatchesTheApprovedShape(EventType type) throws IOException {
        IntegrationEvent sample = EventSamples.all().get(type);
        assertThat(sample).as("a sample of " + type).isNotNull();
        String received = EventCodec.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(EventSamples.envelope(sample)) + "\n";

        String name = "approved/" + type.wireName() + ".v" + type.version() + ".json";
        Path out = Path.of("target", "received", type.wireName() + ".v" + type.version() + ".json");
        try (InputStream approved = getClass().getClassLoader().getResourceAsStream(name)) {
            String expected = approved == null ? null : new String(approved.readAllBytes(), StandardCharsets.UTF_8);
            if (!received.equals(expected)) {
                Files.createDirectories(out.getParent());
                Files.writeString(out, received);
                fail((expected == null ? "no approved JSON for " : "the JSON of " + type + " changed; ") + type
                        + ": received written to " + out.toAbsolutePath()
                        + " (approve it only with a version decision: consumers read the old shape)");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theApprovedJsonDecodesToTheSameEvent(EventType type) throws IOException {
        EventEnvelope<IntegrationEvent> decoded = EventCodec.decode(approvedJson(type).getBytes(StandardCharsets.UTF_8))
                .orElseThrow();
        assertThat(decoded).isEqualTo(EventSamples.envelope(EventSamples.all().get(type)));
        assertThat(decoded.topic()).isEqualTo(type.topic());
    }

    private String approvedJson(EventType type) throws IOException {
        String name = "approved/" + type.wireName() + ".v" + type.version() + ".json";
        try (InputStream approved = getClass().getClassLoader().getResourceAsStream(name)) {
            assertThat(approved).as(name).isNotNull();
            return new String(approved.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The one-pass read gives what the tree gives, for every approved envelope and for envelopes of other shapes
     * (fields in another order, unknown ones, nulls, amounts with trailing zeros), or leaves the envelope to the tree.
     */
    @ParameterizedTest
    @EnumSource(EventType.class)
    void theOnePassReadGivesWhatTheTreeGives(EventType type) throws IOException {
        String json = approvedJson(type);
        ObjectNode tree = (ObjectNode) EventCodec.mapper().readTree(json);
        ObjectNode payloadFirst = EventCodec.mapper().createObjectNode();
        payloadFirst.set("payload", tree.get("payload"));
        payloadFirst.setAll(tree);
        ObjectNode extras = tree.deepCopy();
        extras.put("addedByANewerProducer", "x").putObject("nested").putArray("list").add(1).add("two");
        extras.putNull("correlationId");
        extras.putNull("traceparent");
        extras.remove("eventVersion");
        String compact = EventCodec.mapper().writeValueAsString(tree);
        List<String> shapes = List.of(json, compact, payloadFirst.toString(), extras.toString(),
                compact.replaceAll("(\\d)\\.(\\d+)", "$1.$200"), compact.replace("\"payload\":{", "\"payload\":{\"unknown\":[1.50,{}],"));
        for (String shape : shapes) {
            byte[] bytes = shape.getBytes(StandardCharsets.UTF_8);
            EventEnvelope<IntegrationEvent> byTree = EventCodec.decodeTree(bytes).orElseThrow();
            assertThat(EventCodec.decode(bytes)).as(shape).contains(byTree);
            EventEnvelope<IntegrationEvent> onePass = EventCodec.decodeInOnePass(bytes);
            if (onePass != null) {
                assertThat(onePass).as(shape).isEqualTo(byTree);
                assertThat(EventCodec.encodeToString(onePass)).as(shape).isEqualTo(EventCodec.encodeToString(byTree));
            }
        }
        assertThat(EventCodec.decodeInOnePass(json.getBytes(StandardCharsets.UTF_8))).as("as producers write it").isNotNull();
        assertThat(EventCodec.decodeInOnePass(payloadFirst.toString().getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void anEnvelopeWrittenBeforeTheAggregateSequenceExistedStillDecodes(EventType type) throws IOException {
        String json = approvedJson(type);
        String old = json.replaceAll("(?m)^  \"aggregateSequence\" : \\d+,\n", "");
        assertThat(old).isNotEqualTo(json);
        EventEnvelope<IntegrationEvent> decoded = EventCodec.decode(old.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        EventEnvelope<IntegrationEvent> sample = EventSamples.envelope(EventSamples.all().get(type));
        assertThat(decoded.aggregateSequence()).isNull();
        assertThat(decoded.withAggregateSequence(sample.aggregateSequence())).isEqualTo(sample);
        assertThat(EventCodec.encodeToString(decoded)).doesNotContain("aggregateSequence");
    }

    @Test
    void anAggregateSequenceIsAWholeNumberFromZero() {
        String valid = EventCodec.encodeToString(EventSamples.envelope(EventSamples.all().get(EventType.ORDER_PLACED)));
        assertThat(valid).contains("\"aggregateSequence\":3");
        for (String bad : List.of("-1", "1.5", "\"3\"", "true", "99999999999999999999999")) {
            byte[] json = valid.replace("\"aggregateSequence\":3", "\"aggregateSequence\":" + bad).getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> EventCodec.decode(json)).as(bad).isInstanceOf(EventCodec.MalformedEventException.class);
        }
        byte[] explicitNull = valid.replace("\"aggregateSequence\":3", "\"aggregateSequence\":null").getBytes(StandardCharsets.UTF_8);
        assertThat(EventCodec.decode(explicitNull).orElseThrow().aggregateSequence()).isNull();
    }

    @Test
    void theProducersTraceTravelsInTheEnvelopeWhenThereIsOne() {
        EventEnvelope<?> sample = EventSamples.envelope(EventSamples.all().get(EventType.ORDER_PLACED));
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String json = EventCodec.encodeToString(sample.withTraceparent(traceparent));
        assertThat(json).contains("\"traceparent\":\"" + traceparent + "\"");
        assertThat(EventCodec.decode(json.getBytes(StandardCharsets.UTF_8)).orElseThrow())
                .isEqualTo(sample.withTraceparent(traceparent));
        assertThat(EventCodec.encodeToString(sample)).doesNotContain("traceparent");
        // a trace context is no reason to refuse a fact: one that is not a string is dropped
        byte[] odd = json.replace("\"" + traceparent + "\"", "42").getBytes(StandardCharsets.UTF_8);
        assertThat(EventCodec.decode(odd).orElseThrow().traceparent()).isNull();
    }

    @Test
    void anUnknownEventTypeIsSkippedNotFailed() {
        String json = "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"eventType\":\"catalog.SomethingNew\","
                + "\"occurredAt\":\"2026-11-24T10:15:30Z\",\"aggregateId\":\"x\",\"payload\":{}}";
        assertThat(EventCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void garbageIsAMalformedEvent() {
        assertThatThrownBy(() -> EventCodec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"eventType\":\"order.OrderPlaced\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventCodec.MalformedEventException.class);
    }

    @Test
    void aWithdrawnDecreasePublishedBeforeItsReasonExistedStillDecodes() {
        String before = """
                {"eventId":"1873a0c8-f41a-398f-9e3e-fdd4605f9df5","eventType":"subscription.SubscriptionQuantityDecreaseWithdrawn",
                 "eventVersion":1,"occurredAt":"2026-11-24T10:15:30Z","aggregateId":"sub-1",
                 "payload":{"subscriptionId":"sub-1","quantity":5,"withdrawnAt":"2026-12-12T08:00:00Z"}}""";
        IntegrationEvent decoded = EventCodec.decode(before.getBytes(StandardCharsets.UTF_8)).orElseThrow().payload();
        assertThat(decoded).isEqualTo(new com.cspmarket.events.subscription.SubscriptionQuantityDecreaseWithdrawn(
                "sub-1", 5, java.time.Instant.parse("2026-12-12T08:00:00Z"), null));
    }

    @Test
    void aCancellationPublishedBeforeItsReasonExistedStillDecodes() {
        String before = """
                {"eventId":"1873a0c8-f41a-398f-9e3e-fdd4605f9df5","eventType":"subscription.SubscriptionCancelled",
                 "eventVersion":1,"occurredAt":"2026-11-24T10:15:30Z","aggregateId":"sub-1",
                 "payload":{"subscriptionId":"sub-1","cancelledAt":"2026-11-25T08:00:00Z","refund":"FULL"}}""";
        IntegrationEvent decoded = EventCodec.decode(before.getBytes(StandardCharsets.UTF_8)).orElseThrow().payload();
        assertThat(decoded).isEqualTo(new com.cspmarket.events.subscription.SubscriptionCancelled(
                "sub-1", java.time.Instant.parse("2026-11-25T08:00:00Z"), "FULL", null));
    }

    @Test
    void moneyTravelsAsADecimalString() {
        String json = EventCodec.encodeToString(EventSamples.envelope(EventSamples.all().get(EventType.ORDER_PLACED)));
        assertThat(json).contains("\"amount\":\"12.50\"");
    }

    /**
     * Fields added to a version compatibly: an event written before them (kept in src/test/resources/before-additions)
     * still decodes, the added fields null, everything else as it was.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"order.OrderPlaced.v1.json", "subscription.SubscriptionPurchased.v1.json"})
    void anEventWrittenBeforeFieldsWereAddedStillDecodes(String file) throws IOException {
        try (InputStream before = getClass().getClassLoader().getResourceAsStream("before-additions/" + file)) {
            IntegrationEvent decoded = EventCodec.decode(before.readAllBytes()).orElseThrow().payload();
            if (decoded instanceof com.cspmarket.events.order.OrderPlaced order) {
                assertThat(order.customerName()).isNull();
                assertThat(order.customerDomainName()).isNull();
                assertThat(order.lineItems().get(0).availabilityId()).isNull();
                assertThat(order.lineItems().get(0).skuName()).isNull();
                assertThat(order.lineItems().get(0).quantity()).isEqualTo(3);
            } else if (decoded instanceof com.cspmarket.events.subscription.SubscriptionPurchased purchase) {
                assertThat(purchase.market()).isNull();
                assertThat(purchase.customerName()).isNull();
                assertThat(purchase.skuName()).isNull();
                assertThat(purchase.quantity()).isEqualTo(3);
            } else {
                fail("unexpected " + decoded);
            }
        }
    }
}
