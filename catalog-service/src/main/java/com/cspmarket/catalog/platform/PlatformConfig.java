package com.cspmarket.catalog.platform;

import com.cspmarket.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;

@Configuration
class PlatformConfig {

    @Bean
    MovableClock businessClock() {
        MovableClock clock = new MovableClock(Clock.systemUTC());
        // Axon stamps events with this clock, so event timestamps are business time.
        GenericEventMessage.clock = clock;
        return clock;
    }

    /**
     * A failing event handler must stop its processor and retry, never skip the event: projections and the
     * Kafka publisher would otherwise silently lose facts.
     */
    @Autowired
    void propagateHandlerErrors(EventProcessingConfigurer processing) {
        processing.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }

    /** Snake-case table and column names, as created by Flyway (V1__axon_event_store.sql). */
    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index").timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier").aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number").typeColumn("type")
                .payloadTypeColumn("payload_type").payloadRevisionColumn("payload_revision")
                .payloadColumn("payload").metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry").setProcessorNameColumn("processor_name").setSegmentColumn("segment")
                .setTokenColumn("token").setTokenTypeColumn("token_type").setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    NewTopic catalogOffersTopic() {
        return new NewTopic(Topics.CATALOG_OFFERS, 3, (short) 1);
    }

    @Bean
    IntegrationEventPublisher integrationEventPublisher(KafkaTemplate<String, byte[]> kafka) {
        return new IntegrationEventPublisher(kafka);
    }
}
