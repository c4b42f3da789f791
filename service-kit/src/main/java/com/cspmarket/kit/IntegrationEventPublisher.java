package com.cspmarket.kit;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends an integration event for an internal event and waits for the broker's ack, so the calling tracking
 * processor only advances its token after Kafka has the record (the event store is the outbox).
 * The envelope's event id is the internal event's id: a re-publication carries the same id. An internal event of an
 * event-sourced aggregate also gives the envelope its sequence number in the aggregate's history.
 */
public class IntegrationEventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;

    public IntegrationEventPublisher(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    public void publish(EventMessage<?> source, IntegrationEvent event) {
        EventEnvelope<IntegrationEvent> envelope = EventEnvelope.of(
                UUID.fromString(source.getIdentifier()),
                source.getTimestamp(),
                (String) source.getMetaData().getOrDefault("traceId", source.getIdentifier()),
                (String) source.getMetaData().getOrDefault("correlationId", source.getIdentifier()),
                event);
        if (source instanceof DomainEventMessage<?> domain) {
            envelope = envelope.withAggregateSequence(domain.getSequenceNumber());
        }
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(envelope.topic(), envelope.aggregateId(), EventCodec.encode(envelope));
        record.headers().add("eventType", envelope.eventType().getBytes(StandardCharsets.UTF_8));
        try {
            kafka.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + envelope.eventType(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + envelope.eventType() + " " + envelope.eventId(), e);
        }
    }
}
