package com.cspmarket.catalog.offer.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
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
    void everyOfferEventCarriesARevision() {
        for (Class<?> type : OfferEvent.class.getPermittedSubclasses()) {
            assertThat(type.getAnnotation(Revision.class)).as(type.getSimpleName()).isNotNull();
        }
    }
}
