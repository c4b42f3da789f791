package com.cspmarket.kit;

import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.IntegrationEvent;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns an integration event from Kafka into this service's commands, once: the inbox admits the event, the
 * commands carry its lineage, and everything commits in the caller's transaction (annotate the listener
 * {@code @Transactional}), so a redelivery or a crash in between changes nothing.
 */
public class IntegrationEventDispatcher {

    private final Inbox inbox;
    private final CommandGateway commands;
    private final Traces traces;

    public IntegrationEventDispatcher(Inbox inbox, CommandGateway commands, Traces traces) {
        this.inbox = inbox;
        this.commands = commands;
        this.traces = traces;
    }

    /**
     * @param toCommands the commands an event asks for (an empty list for events this consumer does not act on)
     * @return the admitted envelope, or empty for a duplicate or an event type this contract version does not know
     */
    public Optional<EventEnvelope<IntegrationEvent>> dispatch(String consumer, byte[] record,
                                                              Function<EventEnvelope<IntegrationEvent>, List<?>> toCommands) {
        Optional<EventEnvelope<IntegrationEvent>> admitted = inbox.admit(consumer, record);
        admitted.ifPresent(envelope -> send(envelope, toCommands));
        return admitted;
    }

    /**
     * Admits a poll's records in one statement ahead of their {@link #dispatch}es in the same transaction
     * ({@link Inbox#admitAhead}): for {@link RecordBatches#apply(List, java.util.function.Consumer, java.util.function.Consumer)}.
     */
    public void admitAhead(String consumer, List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
        inbox.admitAhead(consumer, records);
    }

    /**
     * Sends the commands an admitted event asks for, with its lineage, in the caller's transaction: for a consumer
     * that admits events itself and acts on them later (in the order of their aggregate's history, say). In a span of
     * the event's trace: under the record's span, or, for an event acted on under another record's, under the span
     * that published it ({@link Traces}).
     */
    public void send(EventEnvelope<IntegrationEvent> envelope,
                     Function<EventEnvelope<IntegrationEvent>, List<?>> toCommands) {
        traces.inSpan("apply " + envelope.eventType(), envelope.traceparent(), List.of(), () -> {
            toCommands.apply(envelope).forEach(command -> commands.sendAndWait(
                    GenericCommandMessage.asCommandMessage(command).andMetaData(Inbox.lineage(envelope))));
            return null;
        });
    }
}
