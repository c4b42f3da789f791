package com.cspmarket.subscription.subscription.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Events already in an event store must stay readable: saved JSON of older revisions is read back here. */
class StoredSubscriptionEventsTest {

    final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())).build();

    @Test
    void aRevision1WithdrawnDecreaseIsReadAsThePartnersRequest() throws Exception {
        byte[] json;
        try (InputStream in = getClass().getResourceAsStream("/stored-events/ScheduledQuantityDecreaseWithdrawn.rev1.json")) {
            json = in.readAllBytes();
        }
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("Subscription",
                "5b0c3f7e-2d7a-3c56-9a4c-1f2e3d4c5b6a", 4, "evt-withdrawn", Instant.parse("2026-11-20T09:30:00Z"),
                ScheduledQuantityDecreaseWithdrawn.class.getName(), "1", json, "{}".getBytes());

        List<IntermediateEventRepresentation> read = SubscriptionUpcasters.scheduledQuantityDecreaseWithdrawnReason()
                .upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).toList();

        assertThat(read).singleElement().satisfies(r -> assertThat(r.getType().getRevision()).isEqualTo("2"));
        ScheduledQuantityDecreaseWithdrawn event = serializer.deserialize(read.get(0).getData());
        assertThat(event).isEqualTo(new ScheduledQuantityDecreaseWithdrawn(
                new SubscriptionId("5b0c3f7e-2d7a-3c56-9a4c-1f2e3d4c5b6a"), 3, Instant.parse("2026-11-20T09:30:00Z"),
                ScheduledQuantityDecreaseWithdrawn.Reason.REQUESTED));
    }
}
