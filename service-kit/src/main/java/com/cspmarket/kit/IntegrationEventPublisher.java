package com.cspmarket.kit;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends an integration event for an internal event, so that the calling tracking processor only advances its token
 * after Kafka has acknowledged the record (the event store is the outbox). Within a batch of the processor (its unit
 * of work) records go out without waiting for each other, and every acknowledgement is awaited before the batch's
 * token is stored; a failure rolls the batch back and the processor sends it again (at least once). Records with one
 * key never overtake each other: a record waits for the acknowledgement of the batch's previous record with its key
 * before it is sent, so a failed send can never be followed on Kafka by a newer fact of the same aggregate.
 * The envelope's event id is the internal event's id: a re-publication carries the same id. An internal event of an
 * event-sourced aggregate also gives the envelope its sequence number in the aggregate's history.
 */
public class IntegrationEventPublisher {

    private static final String IN_FLIGHT = IntegrationEventPublisher.class.getName() + ".inFlight";
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, byte[]> kafka;
    private final Traces traces;

    public IntegrationEventPublisher(KafkaTemplate<String, byte[]> kafka) {
        this(kafka, Traces.none());
    }

    public IntegrationEventPublisher(KafkaTemplate<String, byte[]> kafka, Traces traces) {
        this.kafka = kafka;
        this.traces = traces;
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
        envelope = envelope.withTraceparent(traces.current()
                .orElse(source.getMetaData().get(Traces.TRACEPARENT) instanceof String given ? given : null));
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(envelope.topic(), envelope.aggregateId(), EventCodec.encode(envelope));
        record.headers().add("eventType", envelope.eventType().getBytes(StandardCharsets.UTF_8));
        if (!CurrentUnitOfWork.isStarted()) {
            acknowledged(new Sent(envelope, kafka.send(record)));
            return;
        }
        Map<String, Sent> inFlight = inFlightOf(CurrentUnitOfWork.get().root());
        Sent previous = inFlight.remove(record.key());
        if (previous != null) {
            acknowledged(previous);
        }
        inFlight.put(record.key(), new Sent(envelope, kafka.send(record)));
    }

    /** The records of this unit of work not yet acknowledged, by key; all are awaited before it commits. */
    private static Map<String, Sent> inFlightOf(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(IN_FLIGHT, key -> {
            Map<String, Sent> inFlight = new LinkedHashMap<>();
            unitOfWork.onPrepareCommit(u -> {
                try {
                    inFlight.values().forEach(IntegrationEventPublisher::acknowledged);
                } finally {
                    inFlight.clear();
                }
            });
            return inFlight;
        });
    }

    private static void acknowledged(Sent sent) {
        EventEnvelope<?> envelope = sent.envelope();
        try {
            sent.ack().get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + envelope.eventType(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + envelope.eventType() + " " + envelope.eventId(), e);
        }
    }

    private record Sent(EventEnvelope<?> envelope, CompletableFuture<?> ack) {
    }
}
