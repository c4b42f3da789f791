package com.cspmarket.kit;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Operator commands ({@code platform.admin.enabled=true}): list the tracking processors with their replay status,
 * rebuild a projection by replaying its events from the start (its {@code @ResetHandler} clears it first;
 * publishers to Kafka are {@code @DisallowReplay} and never re-send), and re-publish the integration events of
 * everything recorded since an instant, for a consumer that must catch up (their event ids are the internal events'
 * ids, so every consumer's inbox drops what it already has).
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

    static final String PUBLISHER = "integration-publisher";

    private final EventProcessingConfiguration processing;
    private final EventStore events;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final java.time.Clock clock;

    ProjectionAdminController(EventProcessingConfiguration processing, EventStore events, TokenStore tokens,
                              TransactionManager transactions, java.time.Clock clock) {
        this.clock = clock;
        this.processing = processing;
        this.events = events;
        this.tokens = tokens;
        this.transactions = transactions;
    }

    /**
     * Moves the Kafka publisher back to the first event recorded at or after {@code since}: everything from there is
     * sent again, as live events (not a replay), in the original order and with the original event ids. The
     * publisher only ever moves back: what it has not sent yet is never skipped. {@code since} may not be in the
     * future (business time).
     */
    @PostMapping("/" + PUBLISHER + "/republish")
    ResponseEntity<ProcessorStatus> republish(@RequestParam @org.springframework.format.annotation.DateTimeFormat(
            iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE_TIME) Instant since) {
        if (since.isAfter(clock.instant())) {
            throw new BusinessException("since-in-the-future", org.springframework.http.HttpStatus.BAD_REQUEST,
                    "since (" + since + ") is after the current business time " + clock.instant());
        }
        TrackingEventProcessor publisher = tracking(PUBLISHER);
        publisher.shutDown();
        try {
            TrackingToken from = events.createTokenAt(since);
            transactions.executeInTransaction(() -> {
                for (int segment : tokens.fetchSegments(PUBLISHER)) {
                    TrackingToken current = tokens.fetchToken(PUBLISHER, segment);
                    tokens.storeToken(current == null ? from : current.lowerBound(from), PUBLISHER, segment);
                    tokens.releaseClaim(PUBLISHER, segment);
                }
            });
        } finally {
            publisher.start();
        }
        return ResponseEntity.accepted().body(status(publisher));
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
