package com.cspmarket.kit;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The events handled together with the one being handled, in one transaction: a streaming processor's batch (Axon's
 * {@link BatchingUnitOfWork}) or a bulk rebuild's chunk ({@link BulkReplay}). A projection that reads rows before it
 * changes them can read the rows of the whole batch in one query at its first miss, instead of one query per event
 * (during a replay, where a subscription's purchase and its later events are thousands of events apart, that was a
 * round trip for almost every later event). A subscribing processor handles the events a unit of work published as
 * one batch too. Outside a batch it is the event being handled, or nothing. Each segment's batch holds only events
 * of that segment (Axon's work packages and tracking threads batch only the events their segment handles, a bulk
 * worker gets only its segments'), so rows read ahead are never rows another thread is writing.
 */
public final class EventBatch {

    private static final ThreadLocal<List<EventMessage<?>>> BULK = new ThreadLocal<>();

    private EventBatch() {
    }

    /** The events of the batch this thread is handling, in order (the one being handled among them); may be empty. */
    public static List<EventMessage<?>> current() {
        List<EventMessage<?>> bulk = BULK.get();
        if (bulk != null) {
            return bulk;
        }
        if (!CurrentUnitOfWork.isStarted()) {
            return List.of();
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        for (UnitOfWork<?> u = unitOfWork; u != null; u = u.parent().orElse(null)) {
            if (u instanceof BatchingUnitOfWork<?> batch) {
                List<EventMessage<?>> events = new ArrayList<>(batch.getMessages().size());
                for (Object message : batch.getMessages()) {
                    if (message instanceof EventMessage<?> event) {
                        events.add(event);
                    }
                }
                return events;
            }
        }
        return unitOfWork.getMessage() instanceof EventMessage<?> event ? List.of(event) : List.of();
    }

    /** Runs {@code work} with {@code events} as this thread's batch ({@link BulkReplay}'s chunk). */
    static <T> T handling(List<? extends EventMessage<?>> events, Supplier<T> work) {
        List<EventMessage<?>> outer = BULK.get();
        BULK.set(List.copyOf(events));
        try {
            return work.get();
        } finally {
            if (outer == null) {
                BULK.remove();
            } else {
                BULK.set(outer);
            }
        }
    }
}
