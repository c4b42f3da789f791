package com.cspmarket.billing.charge.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Events already in an event store must stay readable: saved JSON of older revisions is read back here. */
class StoredBillingEventsTest {

    final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())).build();

    @Test
    void aRevision1CreditOfAWholeTermIsReadAsItWasRecorded() throws Exception {
        byte[] json;
        try (InputStream in = getClass().getResourceAsStream("/stored-events/ChargeRecorded.rev1.cancel-credit.json")) {
            json = in.readAllBytes();
        }
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("BillingSubscription", "sub-9", 4,
                "evt-credit", Instant.parse("2026-11-20T10:00:00Z"), ChargeRecorded.class.getName(), "1", json,
                "{}".getBytes());

        List<IntermediateEventRepresentation> read = BillingUpcasters.chargeRecordedReversalAndProration()
                .upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).toList();

        assertThat(read).singleElement().satisfies(r -> assertThat(r.getType().getRevision()).isEqualTo("2"));
        ChargeRecorded event = serializer.deserialize(read.get(0).getData());
        assertThat(event.chargeType()).isEqualTo(ChargeType.CANCEL_CREDIT);
        assertThat(event.amount().amount()).isEqualByComparingTo(new BigDecimal("-53.55"));
        assertThat(event.sourceEventIds()).containsExactly("evt-purchase", "evt-activation", "evt-more", "evt-cancel");
        assertThat(event.reversesChargeId()).isNull();
        assertThat(event.proration()).isNull();
        assertThat(event.whileSuspended()).isNull();
    }
}
