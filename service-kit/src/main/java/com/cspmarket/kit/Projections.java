package com.cspmarket.kit;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;

import java.util.Map;

/** Questions about a service's own read models that schedulers must ask before acting on them. */
public final class Projections {

    private Projections() {
    }

    /**
     * Whether the named projection is one to act on: it has caught up with the event store once and is not being
     * rebuilt. A scheduler that decides from a read model in the middle of a replay would see half the past (charges
     * whose invoice was not replayed yet look uninvoiced) and record wrong facts for good.
     */
    public static boolean current(EventProcessingConfiguration processing, String name) {
        return processing.eventProcessor(name, TrackingEventProcessor.class)
                .map(processor -> {
                    Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
                    return processor.isRunning() && !segments.isEmpty() && segments.values().stream()
                            .allMatch(s -> s.isCaughtUp() && !s.isReplaying() && s.getError() == null);
                })
                .orElse(false);
    }
}
