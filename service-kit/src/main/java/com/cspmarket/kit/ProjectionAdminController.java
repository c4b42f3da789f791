package com.cspmarket.kit;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Operator commands ({@code platform.admin.enabled=true}): list the tracking processors with their replay status,
 * and rebuild a projection by replaying its events from the start (its {@code @ResetHandler} clears it first;
 * publishers to Kafka are {@code @DisallowReplay} and never re-send).
 */
@RestController
@RequestMapping("/admin/projections")
@ConditionalOnProperty(name = "platform.admin.enabled", havingValue = "true")
class ProjectionAdminController {

    /**
     * {@code position} is the last event the processor handled, {@code head} the newest event in the store: a
     * rebuild is complete when position reaches head. ({@code replaying} stays true, by Axon's definition, until an
     * event newer than the reset point arrives.)
     */
    record ProcessorStatus(String name, boolean running, boolean replaying, boolean caughtUp, Long position, Long head) {
    }

    private final EventProcessingConfiguration processing;
    private final EventStore events;

    ProjectionAdminController(EventProcessingConfiguration processing, EventStore events) {
        this.processing = processing;
        this.events = events;
    }

    @GetMapping
    List<ProcessorStatus> list() {
        return processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance).map(TrackingEventProcessor.class::cast)
                .map(this::status)
                .sorted(Comparator.comparing(ProcessorStatus::name))
                .toList();
    }

    @GetMapping("/{name}")
    ProcessorStatus get(@PathVariable String name) {
        return status(tracking(name));
    }

    @PostMapping("/{name}/rebuild")
    ResponseEntity<ProcessorStatus> rebuild(@PathVariable String name) {
        TrackingEventProcessor processor = tracking(name);
        if (!processor.supportsReset()) {
            throw new BusinessException("not-replayable", HttpStatus.CONFLICT, name + " cannot be replayed");
        }
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return ResponseEntity.accepted().body(status(processor));
    }

    private TrackingEventProcessor tracking(String name) {
        return processing.eventProcessor(name, TrackingEventProcessor.class)
                .orElseThrow(() -> BusinessException.notFound("tracking processor", name));
    }

    private ProcessorStatus status(TrackingEventProcessor p) {
        Map<Integer, EventTrackerStatus> segments = p.processingStatus();
        boolean replaying = segments.values().stream().anyMatch(EventTrackerStatus::isReplaying);
        boolean caughtUp = !segments.isEmpty() && segments.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
        Long position = segments.values().stream()
                .map(s -> s.getCurrentPosition().isPresent() ? s.getCurrentPosition().getAsLong() : -1L)
                .max(Long::compare).orElse(null);
        TrackingToken headToken = events.createHeadToken();
        Long head = headToken == null || headToken.position().isEmpty() ? null : headToken.position().getAsLong();
        return new ProcessorStatus(p.getName(), p.isRunning(), replaying, caughtUp, position, head);
    }
}
