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

    /**
     * One recorded fact, with when it happened, which request or event caused it, and who asked for it ({@code actor}:
     * the signed-in user or integration whose request it was; absent when the platform acted on its own, e.g. a
     * renewal at term end or a purchase from an order).
     */
    public record Entry(long sequence, String type, Instant occurredAt, Object data, String correlationId,
                        String causedBy, String sourceEventId, String actor) {
    }

    private final EventStore events;

    SubscriptionHistory(EventStore events) {
        this.events = events;
    }

    public List<Entry> history(String subscriptionId) {
        return stream(subscriptionId).stream()
                .map(m -> new Entry(m.getSequenceNumber(), m.getPayloadType().getSimpleName(), m.getTimestamp(),
                        m.getPayload(), (String) m.getMetaData().get("traceId"),
                        (String) m.getMetaData().get("correlationId"), (String) m.getMetaData().get("sourceEventId"),
                        (String) m.getMetaData().get("actor")))
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

    /**
     * The subscription as it is now, folded from its own events: what every command is decided against, never
     * behind the read model's processor.
     */
    public Optional<SubscriptionView> current(String subscriptionId) {
        return asOf(subscriptionId, Instant.MAX);
    }

    /** The token of the subscription's activation link, from its purchase. */
    public Optional<String> activationToken(String subscriptionId) {
        return stream(subscriptionId).stream()
                .map(DomainEventMessage::getPayload)
                .filter(com.cspmarket.subscription.subscription.api.SubscriptionPurchased.class::isInstance)
                .map(p -> ((com.cspmarket.subscription.subscription.api.SubscriptionPurchased) p).activationToken())
                .findFirst();
    }

    private List<? extends DomainEventMessage<?>> stream(String subscriptionId) {
        return events.readEvents(subscriptionId).asStream().toList();
    }
}
