package com.cspmarket.subscription.subscription.query;

import com.cspmarket.subscription.subscription.api.SubscriptionEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A subscription's own events: its full history, and its state as it was at any instant. */
@Component
public class SubscriptionHistory {

    /** One recorded fact, with when it happened and which request or event caused it. */
    public record Entry(long sequence, String type, Instant occurredAt, Object data, String correlationId,
                        String causedBy, String sourceEventId) {
    }

    private final EventStore events;

    SubscriptionHistory(EventStore events) {
        this.events = events;
    }

    public List<Entry> history(String subscriptionId) {
        return stream(subscriptionId).stream()
                .map(m -> new Entry(m.getSequenceNumber(), m.getPayloadType().getSimpleName(), m.getTimestamp(),
                        m.getPayload(), (String) m.getMetaData().get("traceId"),
                        (String) m.getMetaData().get("correlationId"), (String) m.getMetaData().get("sourceEventId")))
                .toList();
    }

    /** The subscription as the API would have shown it at {@code at} (business time); empty if it did not exist yet. */
    public Optional<SubscriptionView> asOf(String subscriptionId, Instant at) {
        SubscriptionView view = null;
        for (DomainEventMessage<?> message : stream(subscriptionId)) {
            if (message.getTimestamp().isAfter(at)) {
                break;
            }
            view = SubscriptionFold.apply(view, (SubscriptionEvent) message.getPayload(), message.getSequenceNumber());
        }
        return Optional.ofNullable(view);
    }

    private List<? extends DomainEventMessage<?>> stream(String subscriptionId) {
        return events.readEvents(subscriptionId).asStream().toList();
    }
}
