package com.cspmarket.subscription;

import com.cspmarket.subscription.subscription.api.AutoRenewChanged;
import com.cspmarket.subscription.subscription.api.SubscriptionId;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies are read in any case (Partner Center's .NET SDK sends PascalCase), stored events by their exact
 * names: the event serializer doesn't share the case-insensitive lookup, which costs every event read on a replay.
 * Instants take the short way (IsoInstants) in both.
 */
class EventSerializerIT extends ServiceIT {

    @Autowired
    ObjectMapper requests;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer events;

    @Test
    void storedEventsAreReadByTheirExactNamesAndRequestsInAnyCase() throws Exception {
        AutoRenewChanged event = new AutoRenewChanged(new SubscriptionId(UUID.randomUUID().toString()), true);
        SerializedObject<byte[]> stored = events.serialize(event, byte[].class);
        String json = new String(stored.getData(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"subscriptionId\"").contains("\"autoRenewEnabled\"");
        assertThat(events.<byte[], AutoRenewChanged>deserialize(stored)).isEqualTo(event);

        String pascal = json.replace("\"subscriptionId\"", "\"SubscriptionId\"")
                .replace("\"autoRenewEnabled\"", "\"AutoRenewEnabled\"");
        assertThat(requests.readValue(pascal, AutoRenewChanged.class)).isEqualTo(event);
        AutoRenewChanged read = events.deserialize(new SimpleSerializedObject<>(pascal.getBytes(StandardCharsets.UTF_8),
                byte[].class, stored.getType()));
        assertThat(read).isEqualTo(new AutoRenewChanged(null, false));
    }

    /** Both mappers write and read instants without java.time's formatter (IsoInstants), JavaTimeModule's text. */
    @Test
    void instantsTakeTheShortWay() throws Exception {
        ObjectMapper stored = ((JacksonSerializer) events).getObjectMapper();
        for (ObjectMapper mapper : List.of(requests, stored)) {
            assertThat(mapper.getSerializerProviderInstance().findValueSerializer(Instant.class).getClass().getName())
                    .isEqualTo("com.cspmarket.events.IsoInstants$Writer");
            assertThat(mapper.readerFor(Instant.class).readValue("\"2026-12-04T20:50:31.394600420Z\"", Instant.class))
                    .isEqualTo(Instant.parse("2026-12-04T20:50:31.394600420Z"));
            assertThat(mapper.writeValueAsString(Instant.parse("2026-12-04T20:50:31.100Z")))
                    .isEqualTo("\"2026-12-04T20:50:31.100Z\"");
        }
        var context = ((DefaultDeserializationContext) requests.getDeserializationContext())
                .createInstance(stored.getDeserializationConfig(), null, null);
        assertThat(context.findRootValueDeserializer(stored.constructType(Instant.class)).getClass().getName())
                .isEqualTo("com.cspmarket.events.IsoInstants$Reader");
    }
}
