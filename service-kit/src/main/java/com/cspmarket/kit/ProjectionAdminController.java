package com.cspmarket.kit;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
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

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Operator commands ({@code platform.admin.enabled=true}, switched at run time by {@link OptionalEndpoints}): list the tracking processors with their replay status,
 * rebuild a projection by replaying its events from the start (its {@code @ResetHandler} clears it first;
 * publishers to Kafka are {@code @DisallowReplay} and never re-send), and re-publish the integration events of
 * everything recorded since an instant, for a consumer that must catch up (their event ids are the internal events'
 * ids, so every consumer's inbox drops what it already has); fingerprint a projection's read model, to verify that a
 * rebuild reproduced it.
 */
@RestController
@RequestMapping("/admin/projections")
class ProjectionAdminController {

    /**
     * A processor across every instance of the service, from the token store: {@code position} is the last event
     * handled by its slowest segment, {@code head} the newest event in the store, and a rebuild is complete when
     * position reaches head ({@code caughtUp}). {@code segments} says which instance holds each segment and where it
     * is; {@code running} is about this instance only (whether it takes part), {@code instance} names it. A segment
     * that replays stays {@code replaying}, by Axon's definition, until an event newer than its reset point arrives.
     * A subscribing processor handles each event in the transaction that records it, so it is always at the head.
     */
    record ProcessorStatus(String name, String mode, boolean running, boolean replaying, boolean caughtUp, Long position,
                           Long head, String instance, List<Projections.SegmentState> segments) {
    }

    static final String PUBLISHER = "integration-publisher";
    /** PostgreSQL's lock_not_available: a lock_timeout ran out. */
    private static final String LOCK_TIMEOUT = "55P03";
    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EventProcessingConfiguration processing;
    private final EventStore events;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final java.time.Clock clock;
    private final Map<String, List<String>> projectedTables;
    private final Map<String, List<String>> digestedRelations;
    private final JdbcClient jdbc;
    private final EventStorageEngine storage;
    private final Projections cluster;
    private final Duration claimWait;
    private final InstanceId instance;
    private final BulkReplay bulk;
    private final DeferredIndexes deferredIndexes;
    /** Builds abandoned deferred indexes, one look at a time ({@link #buildAbandonedIndexes}). */
    private final java.util.concurrent.ExecutorService sweeper = java.util.concurrent.Executors.newSingleThreadExecutor(
            task -> {
                Thread thread = new Thread(task, "deferred-index-builder");
                thread.setDaemon(true);
                return thread;
            });
    private final java.util.concurrent.atomic.AtomicBoolean sweeping = new java.util.concurrent.atomic.AtomicBoolean();
    /** Whether a tracking projection is rebuilt in bulk ({@link BulkReplay}) or by its processor's own replay. */
    private final boolean bulkReplay;

    ProjectionAdminController(EventProcessingConfiguration processing, EventStore events, TokenStore tokens,
                              TransactionManager transactions, java.time.Clock clock,
                              ObjectProvider<ProjectedTables> projections, JdbcClient jdbc, EventStorageEngine storage,
                              Projections cluster, InstanceId instance,
                              @Value("${platform.admin.claim-wait:PT30S}") Duration claimWait,
                              @Value("${platform.replay.bulk:true}") boolean bulkReplay,
                              @Value("${platform.replay.workers:0}") int replayWorkers,
                              @Value("${platform.replay.defer-indexes:true}") boolean deferIndexes,
                              javax.sql.DataSource dataSource) {
        this.bulkReplay = bulkReplay;
        this.cluster = cluster;
        this.instance = instance;
        this.claimWait = claimWait;
        this.clock = clock;
        this.storage = storage;
        this.jdbc = jdbc;
        this.projectedTables = projections.orderedStream().collect(Collectors.toUnmodifiableMap(
                ProjectionAdminController::processingGroup, ProjectionAdminController::checkedTables));
        this.digestedRelations = projections.orderedStream().collect(Collectors.toUnmodifiableMap(
                ProjectionAdminController::processingGroup, p -> checkedNames(p, p.digestedRelations())));
        this.processing = processing;
        this.events = events;
        this.tokens = tokens;
        this.transactions = transactions;
        this.deferredIndexes = new DeferredIndexes(dataSource, transactions, instance.value(),
                projections.orderedStream().collect(Collectors.toUnmodifiableMap(ProjectionAdminController::processingGroup,
                        p -> new DeferredIndexes.Declared(checkedTables(p), p.indexesBuiltAfterRebuild()))));
        // a misspelt or unsuitable declaration fails the start (the schema is migrated: JdbcClient waits for Flyway)
        deferredIndexes.check();
        // by default one per CPU: a worker's handlers and its PostgreSQL backend take turns, so a second worker's
        // handlers run while the first one's batch is written (BENCHMARKS.md: on two cores, with the processor stopped
        // promptly and the JIT warm, a second worker gained 12-24 %)
        this.bulk = new BulkReplay(tokens, transactions, storage,
                replayWorkers > 0 ? replayWorkers : Math.max(1, Runtime.getRuntime().availableProcessors()),
                this::shutDown, new BulkReplay.Indexes() {
                    @Override
                    public void defer(String processor) {
                        if (deferIndexes) { // false: the indexes are kept up to date through the replay (to compare)
                            deferredIndexes.defer(processor);
                        }
                    }

                    @Override
                    public void restore(String processor) {
                        deferredIndexes.restore(processor);
                    }
                });
    }

    /**
     * Builds the indexes a bulk rebuild left out whose rebuild ended without building them again: its instance stopped
     * in the middle (once that instance is no longer alive), or building them failed. Every instance looks, now and
     * then, and builds them on a thread of its own (not the scheduler's, which also renews the instance's heartbeat);
     * a projection this instance is rebuilding is left alone, and a rebuild asked meanwhile is refused (409).
     */
    @org.springframework.scheduling.annotation.Scheduled(
            fixedDelayString = "${platform.replay.deferred-index-check:PT30S}", initialDelayString = "PT5S")
    void buildAbandonedIndexes() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            sweeper.execute(() -> {
                try {
                    for (String processor : deferredIndexes.abandoned()) {
                        try {
                            bulk.unlessRebuilding(processor, () -> deferredIndexes.restoreAbandoned(processor));
                        } catch (RuntimeException e) {
                            // logged per index by DeferredIndexes; the next look tries again
                        }
                    }
                } finally {
                    sweeping.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            sweeping.set(false); // stopping
        }
    }

    /**
     * Stops {@code processor} in this instance; with the platform's event store without waiting out its threads' waits
     * for the next event (up to a second each, idle).
     */
    private void shutDown(StreamingEventProcessor processor) {
        if (events instanceof WakeableEventStore store) {
            store.shutDownPromptly(processor);
        } else {
            processor.shutDown();
        }
    }

    /** A bulk rebuild under way ends after its current transaction; the processor goes on from its tokens later. */
    @jakarta.annotation.PreDestroy
    void stopRebuilds() {
        sweeper.shutdownNow();
        bulk.stop();
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
        StreamingEventProcessor publisher = streaming(PUBLISHER);
        shutDown(publisher);
        try {
            TrackingToken from = events.createTokenAt(since);
            transactions.executeInTransaction(() -> {
                takeOverClaims(PUBLISHER);
                for (int segment : tokens.fetchSegments(PUBLISHER)) {
                    // fetching claims the segment for this instance, and it stays claimed: released, a worker of
                    // another instance that still had the segment in hand could claim it again at its next batch
                    // and store its own, later token over the rewound one
                    TrackingToken current = tokens.fetchToken(PUBLISHER, segment);
                    tokens.storeToken(current == null ? from : current.lowerBound(from), PUBLISHER, segment);
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
                .filter(p -> p instanceof StreamingEventProcessor || p instanceof SubscribingEventProcessor)
                .map(this::status)
                .sorted(Comparator.comparing(ProcessorStatus::name))
                .toList();
    }

    @GetMapping("/{name}")
    ProcessorStatus get(@PathVariable String name) {
        return status(processor(name));
    }

    /**
     * A digest of the projection's read model: per table it writes (or view of it, {@link
     * ProjectedTables#digestedRelations()}), the number of rows and an MD5 over the MD5s of the rows' text in sorted
     * order (independent of physical order), and one MD5 over those. Take it, rebuild, wait
     * until {@code position} reaches {@code head} with no event recorded in between, take it again: equal
     * fingerprints mean the replay reproduced the live read model row for row.
     */
    @GetMapping("/{name}/fingerprint")
    Fingerprint fingerprint(@PathVariable String name) {
        processor(name);
        List<String> tables = digestedRelations.get(name);
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
     * A tracking processor is stopped here, the claims other instances hold on its segments are taken over, its tokens
     * are reset and its read model cleared, and it is replayed in the background (202; done when {@code position}
     * reaches {@code head} and the processor is {@code running} again): in bulk by this instance ({@link BulkReplay}),
     * then the processor is started again and its segments shared out among the instances as they claim them. A
     * second rebuild while one is under way is 409 {@code rebuild-in-progress}. A subscribing processor is rebuilt at once
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
        StreamingEventProcessor streaming = (StreamingEventProcessor) processor;
        if (!streaming.supportsReset()) {
            throw new BusinessException("not-replayable", HttpStatus.CONFLICT, name + " cannot be replayed");
        }
        if (bulkReplay && streaming instanceof org.axonframework.eventhandling.AbstractEventProcessor withHandlers) {
            // in bulk: one reader, thousands of events per transaction; started again when it reaches the end
            boolean started;
            try {
                started = bulk.rebuild(streaming, withHandlers.eventHandlerInvoker(), () -> takeOverClaims(name));
            } catch (RuntimeException e) {
                // the reset's TRUNCATE waits for readers of the read model, up to the same lock_timeout
                if (causedByLockTimeout(e)) {
                    throw new BusinessException("processor-busy", HttpStatus.CONFLICT, name + ": its read model was in "
                            + "use for longer than " + claimWait + " (nothing was reset); try again");
                }
                throw e;
            }
            if (!started) {
                throw new BusinessException("rebuild-in-progress", HttpStatus.CONFLICT, name + " is being rebuilt (or "
                        + "its indexes built again); try again when it is running");
            }
            return ResponseEntity.accepted().body(status(streaming));
        }
        shutDown(streaming);
        try {
            transactions.executeInTransaction(() -> {
                takeOverClaims(name);
                streaming.resetTokens();
            });
        } finally {
            streaming.start();
        }
        return ResponseEntity.accepted().body(status(streaming));
    }

    /**
     * Releases every claim on the processor's segments, whoever holds them, inside the caller's transaction, which
     * keeps the token rows locked until it commits: what the caller then fetches and stores, no other instance can
     * claim in between. An instance in the middle of a batch holds its segment's row lock until the batch commits, so
     * this waits for that batch (at most {@code platform.admin.claim-wait}, then 409); the instance's next batch
     * finds the claim gone, rolls back and lets go of the segment, to claim it again later from the stored token.
     */
    private void takeOverClaims(String processor) {
        jdbc.sql("SELECT set_config('lock_timeout', :ms, true)")
                .param("ms", claimWait.toMillis() + "ms").query(String.class).single();
        try {
            jdbc.sql("UPDATE token_entry SET owner = NULL WHERE processor_name = :name")
                    .param("name", processor).update();
        } catch (org.springframework.dao.DataAccessException e) {
            if (!causedByLockTimeout(e)) {
                throw e;
            }
            throw new BusinessException("processor-busy", HttpStatus.CONFLICT, processor + ": another instance did not "
                    + "let go of a segment within " + claimWait + "; try again");
        }
    }

    private static boolean causedByLockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && LOCK_TIMEOUT.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
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
            // the store is read by a thread of its own, on a connection of its own, while this one applies the events:
            // its batches see what was committed when each is read, as this transaction's own reads of the store did
            // (events whose transactions also write these tables wait for the lock, and their handlers apply them
            // after this rebuild has committed)
            try (ReadAhead<TrackedEventMessage<?>> stored = new ReadAhead<>(() -> storage.readEvents(null, false),
                    1_000, "rebuild-" + processor.getName() + "-store")) {
                while (stored.hasNext()) {
                    TrackedEventMessage<?> event = stored.next();
                    try {
                        if (handlers.canHandle(event, Segment.ROOT_SEGMENT)) {
                            handlers.handle(event, Segment.ROOT_SEGMENT);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("replaying " + event.getIdentifier() + " into "
                                + processor.getName() + " failed", e);
                    }
                }
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
        return checkedNames(projection, projection.projectedTables());
    }

    private static List<String> checkedNames(ProjectedTables projection, List<String> names) {
        List<String> tables = List.copyOf(names);
        tables.stream().filter(t -> !TABLE_NAME.matcher(t).matches()).findAny().ifPresent(t -> {
            throw new IllegalStateException(projection.getClass() + ": not a table name: " + t);
        });
        return tables;
    }

    private StreamingEventProcessor streaming(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> BusinessException.notFound("tracking processor", name));
    }

    private EventProcessor processor(String name) {
        return processing.eventProcessor(name)
                .filter(p -> p instanceof StreamingEventProcessor || p instanceof SubscribingEventProcessor)
                .orElseThrow(() -> BusinessException.notFound("event processor", name));
    }

    private ProcessorStatus status(EventProcessor processor) {
        Long head = cluster.head();
        if (!(processor instanceof StreamingEventProcessor p)) {
            return new ProcessorStatus(processor.getName(), "subscribing", processor.isRunning(), false, true, head, head,
                    instance.value(), List.of());
        }
        List<Projections.SegmentState> segments = cluster.segments(p.getName());
        boolean replaying = segments.stream().anyMatch(Projections.SegmentState::replaying);
        Long position = segments.isEmpty() || segments.stream().anyMatch(s -> s.position() == null) ? null
                : segments.stream().mapToLong(Projections.SegmentState::position).min().getAsLong();
        return new ProcessorStatus(p.getName(), p instanceof TrackingEventProcessor ? "tracking" : "pooled",
                p.isRunning(), replaying, Projections.caughtUp(segments, head), position, head, instance.value(), segments);
    }
}
