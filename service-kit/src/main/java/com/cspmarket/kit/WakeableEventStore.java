package com.cspmarket.kit;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store, which its processors read from, with two changes: it can be told that events were
 * committed elsewhere, and it wakes for its own commits once they are committed. By itself it fetches early only after
 * a commit of its own JVM, and then before the outer transaction has committed, so the fetch often found nothing and
 * waited out the fetch delay; events another instance of the service wrote wait for the next poll. {@link EventStoreNotifications} calls {@link #wake()} when PostgreSQL
 * reports a commit to the event table, from any instance.
 */
public class WakeableEventStore extends EmbeddedEventStore {

    WakeableEventStore(Builder builder) {
        super(builder);
    }

    /** Events were committed (anywhere): processors waiting for new events fetch now rather than at the next poll. */
    public void wake() {
        super.afterCommit(List.of());
    }

    /**
     * Axon calls this when its unit of work commits; inside a Spring transaction it joined (a request's, with its
     * MS-RequestId row), that is before the events are committed, and a fetch then finds nothing and waits for the
     * next poll. Here the wake waits for the Spring transaction to commit.
     */
    @Override
    protected void afterCommit(List<? extends org.axonframework.eventhandling.EventMessage<?>> events) {
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            wake();
                        }
                    });
        } else {
            wake();
        }
    }
}
