package com.cspmarket.events;

/**
 * A fact one service publishes for others. Implementations are immutable records registered in
 * {@link EventType}; internal (Axon) events never leave their service, they are mapped to these.
 */
public interface IntegrationEvent {

    /** The id of the aggregate the event is about; it is the Kafka record key. */
    String aggregateId();
}
