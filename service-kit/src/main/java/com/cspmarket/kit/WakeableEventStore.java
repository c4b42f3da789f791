package com.cspmarket.kit;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store, which its processors read from, with one addition: it can be told that events were
 * committed elsewhere. By itself it fetches early only after a commit of its own JVM (and then before the outer
 * transaction has committed, so the fetch often finds nothing and waits out the fetch delay); events another instance
 * of the service wrote wait for the next poll. {@link EventStoreNotifications} calls {@link #wake()} when PostgreSQL
 * reports a commit to the event table, from any instance.
 */
public class WakeableEventStore extends EmbeddedEventStore {

    WakeableEventStore(Builder builder) {
        super(builder);
    }

    /** Events were committed (anywhere): processors waiting for new events fetch now rather than at the next poll. */
    public void wake() {
        afterCommit(List.of());
    }
}
