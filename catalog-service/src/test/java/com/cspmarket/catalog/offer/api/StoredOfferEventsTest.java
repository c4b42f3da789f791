package com.cspmarket.catalog.offer.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Events already in an event store must stay readable: saved JSON of older shapes is read back here. */
class StoredOfferEventsTest {

    final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())).build();

    @Test
    void anOfferPublishedBeforePublisherKindExistedReadsAsThirdParty() throws Exception {
        byte[] json;
        try (InputStream in = getClass().getResourceAsStream("/stored-events/OfferPublished.rev1.without-publisher-kind.json")) {
            json = in.readAllBytes();
        }
        OfferPublished event = serializer.deserialize(new SimpleSerializedObject<>(json, byte[].class,
                new SimpleSerializedType(OfferPublished.class.getName(), "1")));

        assertThat(event.publisher().kind()).isEqualTo(PublisherKind.THIRD_PARTY);
        assertThat(event.skus().get(0).prices().get(0).unitPrice().amount()).isEqualTo(new BigDecimal("12.50"));
        assertThat(event.offerId()).isEqualTo(new OfferId("contoso.crm-suite"));
    }

    @Test
    void aRevision1WithdrawalIsReadWithTheInstantItWasStoredAt() throws Exception {
        byte[] json;
        try (InputStream in = getClass().getResourceAsStream("/stored-events/OfferWithdrawn.rev1.json")) {
            json = in.readAllBytes();
        }
        Instant storedAt = Instant.parse("2025-06-30T08:15:00.123Z");
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("Offer", "contoso.crm-suite", 3,
                "evt-withdrawn", storedAt, OfferWithdrawn.class.getName(), "1", json, "{}".getBytes());

        List<IntermediateEventRepresentation> read = new OfferWithdrawnUpcaster()
                .upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).toList();

        assertThat(read).singleElement().satisfies(r -> assertThat(r.getType().getRevision()).isEqualTo("2"));
        OfferWithdrawn event = serializer.deserialize(read.get(0).getData());
        assertThat(event).isEqualTo(new OfferWithdrawn(new OfferId("contoso.crm-suite"), "end of life", storedAt));
    }

    @Test
    void revision2IsLeftAsItIs() {
        byte[] json = "{\"offerId\":\"contoso.crm-suite\",\"reason\":\"gone\",\"withdrawnAt\":\"2026-01-02T03:04:05Z\"}".getBytes();
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("Offer", "contoso.crm-suite", 3,
                "evt-withdrawn-2", Instant.parse("2026-05-05T00:00:00Z"), OfferWithdrawn.class.getName(), "2", json, "{}".getBytes());

        List<IntermediateEventRepresentation> read = new OfferWithdrawnUpcaster()
                .upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).toList();

        OfferWithdrawn event = serializer.deserialize(read.get(0).getData());
        assertThat(event.withdrawnAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void everyOfferEventCarriesARevision() {
        for (Class<?> type : OfferEvent.class.getPermittedSubclasses()) {
            assertThat(type.getAnnotation(Revision.class)).as(type.getSimpleName()).isNotNull();
        }
    }
}
