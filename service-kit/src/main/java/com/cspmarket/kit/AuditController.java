package com.cspmarket.kit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The audit trail of any aggregate of this service (an offer, a cart, an order, a subscription, a partner's
 * invoicing), read from the event store: what happened, when (business time), who (the token's subject and
 * partner), from which HTTP request (its
 * correlation id and request line) or which integration event, in which trace ({@code traceId}, W3C, as exported over
 * OTLP; {@code linkedTraceIds}: further traces it stems from, see {@link Traces}). {@code until} cuts the trail at an
 * instant. Operators only, with {@code platform.admin.enabled=true} ({@link OptionalEndpoints}).
 */
@RestController
@RequestMapping("/admin/audit")
class AuditController {

    /** One recorded fact. {@code correlationId} is the HTTP request's or the causing integration event's flow. */
    record Entry(long sequence, String aggregateType, String type, Instant occurredAt, String actor,
                 String actorPartnerId, String correlationId, String request, String sourceEventId, String causedBy,
                 String traceId, List<String> linkedTraceIds, Object data) {
    }

    private final EventStore events;

    AuditController(EventStore events) {
        this.events = events;
    }

    @GetMapping("/{aggregateId}")
    Map<String, Object> trail(@PathVariable String aggregateId, @RequestParam(required = false) Instant until) {
        List<Entry> entries = events.readEvents(aggregateId).asStream()
                .filter(m -> until == null || !m.getTimestamp().isAfter(until))
                .map(AuditController::entry)
                .toList();
        if (entries.isEmpty()) {
            throw BusinessException.notFound("aggregate", aggregateId);
        }
        return Map.of("aggregateId", aggregateId, "totalCount", entries.size(), "items", entries);
    }

    private static Entry entry(DomainEventMessage<?> m) {
        return new Entry(m.getSequenceNumber(), m.getType(), m.getPayloadType().getSimpleName(), m.getTimestamp(),
                (String) m.getMetaData().get("actor"), (String) m.getMetaData().get("actorPartnerId"),
                (String) m.getMetaData().get("traceId"), (String) m.getMetaData().get("request"),
                (String) m.getMetaData().get("sourceEventId"), (String) m.getMetaData().get("correlationId"),
                Traces.traceId(m.getMetaData().get(Traces.TRACEPARENT)).orElse(null),
                m.getMetaData().get(Traces.TRACELINKS) instanceof String links
                        ? java.util.Arrays.stream(links.split(",")).flatMap(link -> Traces.traceId(link).stream()).toList()
                        : null,
                m.getPayload());
    }
}
