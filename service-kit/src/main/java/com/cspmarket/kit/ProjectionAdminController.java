package com.cspmarket.kit;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
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
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Operator commands ({@code platform.admin.enabled=true}): list the tracking processors with their replay status,
 * rebuild a projection by replaying its events from the start (its {@code @ResetHandler} clears it first;
 * publishers to Kafka are {@code @DisallowReplay} and never re-send), and re-publish the integration events of
 * everything recorded since an instant, for a consumer that must catch up (their event ids are the internal events'
 * ids, so every consumer's inbox drops what it already has); fingerprint a projection's read model, to verify that a
 * rebuild reproduced it.
 */
@RestController
@RequestMapping("/admin/projections")
@ConditionalOnProperty(name = "platform.admin.enabled", havingValue = "true")
class ProjectionAdminController {

    /**
     * {@code position} is the last event the processor handled, {@code head} the newest event in the store: a
     * rebuild is complete when position reaches head. ({@code replaying} stays true, by Axon's definition, until an
     * event newer than the reset point arrives.) A subscribing processor handles each event in the transaction that
     * records it, so it is always at the head.
     */
    record ProcessorStatus(String name, String mode, boolean running, boolean replaying, boolean caughtUp, Long position,
                           Long head) {
    }

    static final String PUBLISHER = "integration-publisher";
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EventProcessingConfiguration processing;
    private final EventStore events;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final java.time.Clock clock;
    private final Map<String, List<String>> projectedTables;
    private final JdbcClient jdbc;
    private final EventStorageEngine storage;

    ProjectionAdminController(EventProcessingConfiguration processing, EventStore events, TokenStore tokens,
                              TransactionManager transactions, java.time.Clock clock,
                              ObjectProvider<ProjectedTables> projections, JdbcClient jdbc, EventStorageEngine storage) {
        this.clock = clock;
        this.storage = storage;
        this.jdbc = jdbc;
        this.projectedTables = projections.orderedStream().collect(Collectors.toUnmodifiableMap(
                ProjectionAdminController::processingGroup, ProjectionAdminController::checkedTables));
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
                .filter(p -> p instanceof TrackingEventProcessor || p instanceof SubscribingEventProcessor)
                .map(this::status)
                .sorted(Comparator.comparing(ProcessorStatus::name))
                .toList();
    }

    @GetMapping("/{name}")
    ProcessorStatus get(@PathVariable String name) {
        return status(processor(name));
    }

    /**
     * A digest of the projection's read model: per table it writes, the number of rows and an MD5 over the MD5s of
     * the rows' text in sorted order (independent of physical order), and one MD5 over those. Take it, rebuild, wait
     * until {@code position} reaches {@code head} with no event recorded in between, take it again: equal
     * fingerprints mean the replay reproduced the live read model row for row.
     */
    @GetMapping("/{name}/fingerprint")
    Fingerprint fingerprint(@PathVariable String name) {
        processor(name);
        List<String> tables = projectedTables.get(name);
        if (tables == null) {
            throw new BusinessException("no-read-model", HttpStatus.NOT_FOUND, name + " declares no read-model tables");
        }
        Map<String, TableDigest> digests = new TreeMap<>();
        StringBuilder all = new StringBuilder();
        for (String table : tables.stream().sorted().toList()) {
            TableDigest digest = jdbc.sql("SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h), '')) "
                            + "FROM (SELECT md5(CAST(t AS text)) AS h FROM " + table + " t) AS row_digests")
                    .query((rs, n) -> new TableDigest(rs.getLong(1), rs.getString(2)))
                    .single();
            digests.put(table, digest);
            all.append(table).append('=').append(digest.md5()).append(';');
        }
        String md5 = jdbc.sql("SELECT md5(:all)").param("all", all.toString()).query(String.class).single();
        return new Fingerprint(name, md5, digests);
    }

    record Fingerprint(String name, String md5, Map<String, TableDigest> tables) {
    }

    record TableDigest(long rows, String md5) {
    }

    /**
     * A tracking processor is stopped, its token reset and started again: it clears its read model and replays in the
     * background (202; done when {@code position} reaches {@code head}). A subscribing processor is rebuilt at once
     * (200), in one transaction: its tables are locked against writes (commands that would update them wait; readers
     * keep seeing the old model until the commit), cleared, and every committed event is replayed through its
     * handlers. An event committed after the lock belongs to a command that was waiting and updates the rebuilt
     * model itself.
     */
    @PostMapping("/{name}/rebuild")
    ResponseEntity<ProcessorStatus> rebuild(@PathVariable String name) {
        EventProcessor processor = processor(name);
        if (processor instanceof SubscribingEventProcessor subscribing) {
            rebuildInOneTransaction(subscribing);
            return ResponseEntity.ok(status(subscribing));
        }
        TrackingEventProcessor tracking = (TrackingEventProcessor) processor;
        if (!tracking.supportsReset()) {
            throw new BusinessException("not-replayable", HttpStatus.CONFLICT, name + " cannot be replayed");
        }
        tracking.shutDown();
        tracking.resetTokens();
        tracking.start();
        return ResponseEntity.accepted().body(status(tracking));
    }

    private void rebuildInOneTransaction(SubscribingEventProcessor processor) {
        EventHandlerInvoker handlers = processor.eventHandlerInvoker();
        List<String> tables = projectedTables.get(processor.getName());
        if (tables == null || !handlers.supportsReset()) {
            throw new BusinessException("not-replayable", HttpStatus.CONFLICT, processor.getName()
                    + " cannot be replayed (it declares no read-model tables or has no reset handler)");
        }
        transactions.executeInTransaction(() -> {
            jdbc.sql("LOCK TABLE " + String.join(", ", tables) + " IN EXCLUSIVE MODE").update();
            handlers.performReset();
            try (Stream<? extends TrackedEventMessage<?>> stored = storage.readEvents(null, false)) {
                stored.forEach(event -> {
                    try {
                        if (handlers.canHandle(event, Segment.ROOT_SEGMENT)) {
                            handlers.handle(event, Segment.ROOT_SEGMENT);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("replaying " + event.getIdentifier() + " into "
                                + processor.getName() + " failed", e);
                    }
                });
            }
        });
    }

    private static String processingGroup(ProjectedTables projection) {
        ProcessingGroup group = AnnotationUtils.findAnnotation(AopUtils.getTargetClass(projection), ProcessingGroup.class);
        if (group == null) {
            throw new IllegalStateException(projection.getClass() + " declares tables but no @ProcessingGroup");
        }
        return group.value();
    }

    private static List<String> checkedTables(ProjectedTables projection) {
        List<String> tables = List.copyOf(projection.projectedTables());
        tables.stream().filter(t -> !TABLE_NAME.matcher(t).matches()).findAny().ifPresent(t -> {
            throw new IllegalStateException(projection.getClass() + ": not a table name: " + t);
        });
        return tables;
    }

    private TrackingEventProcessor tracking(String name) {
        return processing.eventProcessor(name, TrackingEventProcessor.class)
                .orElseThrow(() -> BusinessException.notFound("tracking processor", name));
    }

    private EventProcessor processor(String name) {
        return processing.eventProcessor(name)
                .filter(p -> p instanceof TrackingEventProcessor || p instanceof SubscribingEventProcessor)
                .orElseThrow(() -> BusinessException.notFound("event processor", name));
    }

    private ProcessorStatus status(EventProcessor processor) {
        TrackingToken headToken = events.createHeadToken();
        Long head = headToken == null || headToken.position().isEmpty() ? null : headToken.position().getAsLong();
        if (!(processor instanceof TrackingEventProcessor p)) {
            return new ProcessorStatus(processor.getName(), "subscribing", processor.isRunning(), false, true, head, head);
        }
        Map<Integer, EventTrackerStatus> segments = p.processingStatus();
        boolean replaying = segments.values().stream().anyMatch(EventTrackerStatus::isReplaying);
        boolean caughtUp = !segments.isEmpty() && segments.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
        Long position = segments.values().stream()
                .map(s -> s.getCurrentPosition().isPresent() ? s.getCurrentPosition().getAsLong() : -1L)
                .max(Long::compare).orElse(null);
        return new ProcessorStatus(p.getName(), "tracking", p.isRunning(), replaying, caughtUp, position, head);
    }
}
