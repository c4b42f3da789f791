package com.cspmarket.kit;

import org.axonframework.common.AxonThreadFactory;
import org.springframework.beans.factory.DisposableBean;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One thread on which every pooled streaming processor of the service coordinates: reads the event store's stream
 * and hands each event to the work package of its segment. Axon gives each such processor a coordinator thread of its
 * own; a coordinator's task is short (the stream is in memory, the handling runs on the workers), and it runs only
 * when the stream has news ({@link WakeableEventStore.Callbacks}) or a claim is due, so one thread serves them all. A
 * tracking processor instead runs a thread per segment, each waking for every event. Not a
 * {@code ScheduledExecutorService} bean: Spring Boot would then leave out its own task scheduler, and
 * {@code @Scheduled} work would run on this thread.
 */
public final class ProcessorCoordinators implements DisposableBean {

    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("EventProcessorCoordinator"));

    ScheduledExecutorService executor() {
        return executor;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
