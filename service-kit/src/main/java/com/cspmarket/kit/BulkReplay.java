package com.cspmarket.kit;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The rebuild of a streaming projection in bulk: one thread reads the event store once, in order, another hands each
 * event to the worker that owns its segment; each worker handles thousands of events per transaction. The processor's
 * own replay has each segment's thread read the whole store and skip the other segments' events, a transaction per
 * batch of 100. Events reach a segment in the store's order (its sequencing policy decides the segment, as for the
 * processor), and the workers run side by side as the processor's segment threads do, so Java work (deserialising,
 * folding, serialising) and PostgreSQL work overlap.
 * <p>
 * The processor is shut down in this instance and every segment's claim is taken (other instances let go of theirs,
 * {@code takeOverClaims}); in the same transaction the read model is cleared ({@code @ResetHandler}) and each segment's
 * token becomes a replay token, as the processor's own reset does; the indexes the projection builds after a rebuild
 * are dropped ({@link DeferredIndexes}). A worker's transaction handles up to
 * {@link #CHUNK} events (or what arrives within {@link #CHUNK_TIME}) and stores the position reached in its segments'
 * tokens, which also renews their claims: another instance sees the segments held. The reader tells every worker how
 * far it has read every {@link #PROGRESS_EVERY} events, so a segment with few events still moves on. When the store
 * is read to its end and every worker has committed, those indexes are built again from the rebuilt tables, the claims
 * are released and the processor started again: it goes
 * on from the stored tokens with whatever was recorded since.
 * <p>
 * A transaction that PostgreSQL aborts as a deadlock or serialization failure (two workers' chunks writing the same
 * rows, e.g. an invoice's totals) is tried again with the same events, up to {@link #ATTEMPTS} times. Any other
 * failure rolls its chunk back, stops the other workers after their current transaction, and the processor is started
 * from the stored tokens: it replays the rest itself, with its own error handling (retry, stop). If this instance
 * stops, its claims expire and any instance goes on from the stored tokens. The events are handled as replayed events
 * (their token a {@link ReplayToken} up to the position the processor had reached), so {@code @DisallowReplay}
 * handlers skip them as the processor would.
 */
final class BulkReplay {

    private static final Logger log = LoggerFactory.getLogger(BulkReplay.class);
    /**
     * Events handled per transaction at most. Kept small, as is {@link #QUEUE}, so that the events the workers hold
     * stay few: with 10,000 of each and two workers, garbage collection (the services' serial collector copying the
     * live events) took about a fifth of a rebuild's time.
     */
    static final int CHUNK = 1_000;
    /** A worker commits what arrived within this long, so the claims are renewed well within their timeout. */
    static final Duration CHUNK_TIME = Duration.ofSeconds(2);
    /** Events the reader may be ahead of a worker. */
    static final int QUEUE = 1_000;
    /** Every this many events read, each worker learns the position reached (its segments may have none of them). */
    static final int PROGRESS_EVERY = 1_000;
    /** Attempts at a transaction that PostgreSQL aborted as a deadlock or a serialization failure. */
    static final int ATTEMPTS = 5;
    private static final Set<String> TRANSIENT = Set.of("40P01", "40001");

    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final EventStorageEngine storage;
    private final int workers;
    private final Consumer<StreamingEventProcessor> shutDown;
    private final Indexes indexes;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * What a rebuild does with the read model's indexes around the replay ({@link DeferredIndexes}): {@link #defer}
     * in the reset's transaction, after the read model is cleared; {@link #restore} when every event is replayed,
     * before the processor starts again, in a transaction of its own.
     */
    interface Indexes {
        Indexes NONE = new Indexes() {
            @Override
            public void defer(String processor) {
            }

            @Override
            public void restore(String processor) {
            }
        };

        void defer(String processor);

        void restore(String processor);
    }

    BulkReplay(TokenStore tokens, TransactionManager transactions, EventStorageEngine storage, int workers,
               Consumer<StreamingEventProcessor> shutDown) {
        this(tokens, transactions, storage, workers, shutDown, Indexes.NONE);
    }

    /**
     * {@code workers}: threads handling events side by side, each owning some of the processor's segments;
     * {@code shutDown}: stops a processor and returns when it has ({@link WakeableEventStore#shutDownPromptly});
     * {@code indexes}: the indexes left out of the replay and built after it.
     */
    BulkReplay(TokenStore tokens, TransactionManager transactions, EventStorageEngine storage, int workers,
               Consumer<StreamingEventProcessor> shutDown, Indexes indexes) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        this.tokens = tokens;
        this.transactions = transactions;
        this.storage = storage;
        this.workers = workers;
        this.shutDown = shutDown;
        this.indexes = indexes;
    }

    /**
     * Runs {@code action} unless this instance is rebuilding {@code processor}; a rebuild of it asked meanwhile is
     * refused as one under way would be. False if it did not run.
     */
    boolean unlessRebuilding(String processor, Runnable action) {
        synchronized (this) {
            if (!running.add(processor)) {
                return false;
            }
        }
        try {
            action.run();
            return true;
        } finally {
            synchronized (this) {
                running.remove(processor);
            }
        }
    }

    /** Whether this instance is rebuilding the processor in bulk now. */
    boolean running(String processor) {
        return running.contains(processor);
    }

    /**
     * Rebuilds {@code processor} in bulk: shuts it down in this instance, runs {@code claimAll} in the reset's
     * transaction (it must leave no segment claimed by another instance), resets the tokens and the read model, and
     * replays in a background thread, which starts the processor again at the end. Returns false, and touches
     * nothing, if a rebuild of the processor is under way in this instance. The check, the shut-down and the reset
     * happen under one lock, and so do the end of a rebuild and the processor's start: two rebuilds never run side by
     * side, and a rebuild never runs next to the processor in this instance.
     */
    boolean rebuild(StreamingEventProcessor processor, EventHandlerInvoker handlers, Runnable claimAll) {
        String name = processor.getName();
        Map<Integer, TrackingToken> atReset = new HashMap<>();
        synchronized (this) {
            if (running.contains(name)) {
                return false;
            }
            shutDown.accept(processor);
            try {
                transactions.executeInTransaction(() -> {
                    claimAll.run();
                    for (int segment : tokens.fetchSegments(name)) {
                        atReset.put(segment, tokens.fetchToken(name, segment)); // claims it for this instance
                    }
                    indexes.defer(name); // before the reset's TRUNCATE: the lock order DeferredIndexes keeps
                    handlers.performReset();
                    atReset.forEach((segment, token) ->
                            tokens.storeToken(ReplayToken.createReplayToken(token), name, segment));
                });
            } catch (RuntimeException e) {
                processor.start();
                throw e;
            }
            running.add(name);
        }
        Thread reader = new Thread(new Replay(processor, handlers, atReset), "bulk-replay-" + name);
        reader.setDaemon(true);
        reader.start();
        return true;
    }

    /** Stops every bulk rebuild after its current transactions (the service is stopping). */
    void stop() {
        stopping = true;
    }

    private record Delivery(TrackedEventMessage<?> event, TrackingToken position, Segment segment) {
    }

    private record Progress(TrackingToken position) {
    }

    private static final Object END = new Object();

    /** A thread's part of a rebuild. */
    private interface Step {
        void run() throws InterruptedException;
    }

    /** One rebuild: the store's reader (a thread of its own), the router (the rebuild's thread) and the workers. */
    private final class Replay implements Runnable {
        private final StreamingEventProcessor processor;
        private final String name;
        private final EventHandlerInvoker handlers;
        private final Map<Integer, TrackingToken> atReset;
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private final LongAdder handled = new LongAdder();

        Replay(StreamingEventProcessor processor, EventHandlerInvoker handlers, Map<Integer, TrackingToken> atReset) {
            this.processor = processor;
            this.name = processor.getName();
            this.handlers = handlers;
            this.atReset = atReset;
        }

        @Override
        public void run() {
            long started = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            List<Worker> crew = new ArrayList<>();
            try {
                // a segment still replaying from an earlier rebuild has a ReplayToken, the others a plain one
                TrackingToken upperReset = atReset.values().stream().filter(t -> t != null)
                        .map(WrappedToken::unwrapUpperBound).reduce(TrackingToken::upperBound).orElse(null);
                TrackingToken replaying = upperReset == null ? null : ReplayToken.createReplayToken(upperReset);
                int[] ids = atReset.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
                Segment[] segments = ids.length == 0 ? new Segment[]{Segment.ROOT_SEGMENT}
                        : Arrays.stream(ids).mapToObj(id -> Segment.computeSegment(id, ids)).toArray(Segment[]::new);
                int size = Math.min(workers, segments.length);
                Worker[] owner = new Worker[segments.length];
                for (int w = 0; w < size; w++) {
                    List<Segment> own = new ArrayList<>();
                    for (int i = w; i < segments.length; i += size) {
                        own.add(segments[i]);
                    }
                    Worker worker = new Worker(own);
                    crew.add(worker);
                    for (int i = w; i < segments.length; i += size) {
                        owner[i] = worker;
                    }
                    Thread thread = new Thread(worker, "bulk-replay-" + name + "-" + w);
                    thread.setDaemon(true);
                    threads.add(thread);
                    thread.start();
                }
                read(replaying, segments, owner, crew);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new IllegalStateException("interrupted", e));
            } finally {
                for (Thread thread : threads) {
                    joinUninterruptibly(thread);
                }
                finish(started);
            }
        }

        /**
         * Hands each event the store's reader fetched to the worker of its segment, in the store's order; then tells
         * every worker the end. The store is read by a thread of its own ({@link ReadAhead}), so that the rows' fetch
         * and the routing (which may read each payload, as billing's policy by partner does) run side by side.
         */
        private void read(TrackingToken replaying, Segment[] segments, Worker[] owner, List<Worker> crew)
                throws InterruptedException {
            TrackingToken reached = null;
            int sinceProgress = 0;
            Router router = new Router(handlers, segments);
            // a failure of the store's read is thrown here and fails the rebuild; closing stops the reading thread
            try (ReadAhead<TrackedEventMessage<?>> fetched = new ReadAhead<>(() -> storage.readEvents(null, false),
                    QUEUE, "bulk-replay-" + name + "-store")) {
                while (fetched.hasNext()) {
                    if (failure.get() != null || stopping) {
                        return;
                    }
                    TrackedEventMessage<?> event = fetched.next();
                    reached = event.trackingToken();
                    TrackedEventMessage<?> delivered = replaying instanceof ReplayToken r
                            ? event.withTrackingToken(r.advancedTo(reached)) : event;
                    int i = router.segmentOf(delivered);
                    if (i >= 0 && !deliver(owner[i], new Delivery(delivered, reached, segments[i]))) {
                        return;
                    }
                    if (++sinceProgress == PROGRESS_EVERY) {
                        sinceProgress = 0;
                        for (Worker worker : crew) {
                            if (!deliver(worker, new Progress(reached))) {
                                return;
                            }
                        }
                    }
                }
            }
            for (Worker worker : crew) {
                if (reached != null && !deliver(worker, new Progress(reached)) || !deliver(worker, END)) {
                    return;
                }
            }
        }

        /** Runs a thread's part of the rebuild; what ends it early is the rebuild's failure (the first one counts). */
        private void recordingFailure(Step step) {
            try {
                step.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new IllegalStateException("interrupted", e));
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } catch (Error e) {
                failure.compareAndSet(null, new IllegalStateException(e));
                throw e;
            }
        }

        /** Queues {@code item} for {@code worker}; false if the rebuild is failing or the service stopping. */
        private boolean deliver(Worker worker, Object item) throws InterruptedException {
            return offer(worker.queue, item);
        }

        /** Puts {@code item} in {@code queue}; false if the rebuild is failing or the service stopping. */
        private boolean offer(BlockingQueue<Object> queue, Object item) throws InterruptedException {
            while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (failure.get() != null || stopping) {
                    return false;
                }
            }
            return true;
        }

        private void finish(long started) {
            RuntimeException failed = failure.get();
            if (!stopping) {
                // after a failure too: the processor goes on with the replay itself, with its indexes
                try {
                    indexes.restore(name);
                } catch (RuntimeException e) {
                    log.error("{}: its indexes left out of the bulk rebuild could not be built again; an instance "
                            + "tries again later", name, e);
                }
            }
            try {
                if (failed == null && !stopping) {
                    transactions.executeInTransaction(() -> atReset.keySet().forEach(s -> tokens.releaseClaim(name, s)));
                }
            } catch (RuntimeException e) {
                failed = e;
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (failed != null) {
                log.error("{}: the bulk rebuild failed after {} events; the processor goes on from its stored tokens",
                        name, handled.sum(), failed);
            } else {
                log.info("{}: {} events replayed in bulk by {} workers in {} ms{}", name, handled.sum(),
                        Math.min(workers, Math.max(1, atReset.size())), ms,
                        stopping ? " (stopped: the service is stopping)" : "");
            }
            synchronized (BulkReplay.this) {
                running.remove(name);
                if (!stopping) {
                    processor.start();
                }
            }
        }

        /** Handles the events of some segments, a transaction per chunk, storing those segments' tokens with it. */
        private final class Worker implements Runnable {
            private final List<Segment> segments;
            private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
            private TrackingToken reached;

            Worker(List<Segment> segments) {
                this.segments = segments;
            }

            @Override
            public void run() {
                recordingFailure(() -> {
                    boolean ended = false;
                    while (!ended && failure.get() == null && !stopping) {
                        List<Delivery> chunk = new ArrayList<>();
                        long until = System.nanoTime() + CHUNK_TIME.toNanos();
                        while (chunk.size() < CHUNK) {
                            long wait = until - System.nanoTime();
                            Object item = wait <= 0 ? null : queue.poll(wait, TimeUnit.NANOSECONDS);
                            if (item == null) {
                                break;
                            } else if (item == END) {
                                ended = true;
                                break;
                            } else if (item instanceof Delivery delivery) {
                                chunk.add(delivery);
                                reached = delivery.position();
                            } else {
                                reached = ((Progress) item).position();
                            }
                        }
                        if (failure.get() == null) {
                            commit(chunk, reached);
                        }
                    }
                });
            }

            private void commit(List<Delivery> chunk, TrackingToken position) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        transactions.executeInTransaction(() -> {
                            EventBatch.handling(chunk.stream().map(Delivery::event).toList(), () -> {
                                for (Delivery delivery : chunk) {
                                    try {
                                        handlers.handle(delivery.event(), delivery.segment());
                                    } catch (Exception e) {
                                        throw new IllegalStateException("replaying " + delivery.event().getIdentifier()
                                                + " into " + name + " failed", e);
                                    }
                                }
                                return null;
                            });
                            for (Segment segment : segments) {
                                int id = segment.getSegmentId();
                                if (!atReset.containsKey(id)) {
                                    continue;
                                }
                                if (position == null) {
                                    tokens.extendClaim(name, id);
                                } else {
                                    TrackingToken replay = ReplayToken.createReplayToken(atReset.get(id));
                                    tokens.storeToken(replay instanceof ReplayToken r ? r.advancedTo(position) : position,
                                            name, id);
                                }
                            }
                        });
                        handled.add(chunk.size());
                        return;
                    } catch (RuntimeException e) {
                        if (attempt >= ATTEMPTS || !isTransient(e) || stopping) {
                            throw e;
                        }
                        log.warn("{}: a bulk rebuild transaction of {} events was aborted by PostgreSQL ({}); attempt {}",
                                name, chunk.size(), e.getMessage(), attempt + 1);
                    }
                }
            }
        }
    }

    /**
     * The segment an event belongs to, if the processor may handle it. With the processor's sequencing policy at hand
     * (every delegate of its invoker a {@link SimpleEventHandlerInvoker} with the same policy), the policy is asked
     * once per event, as the segment's own check would ask it, and events of a type no handler takes are left out;
     * the worker's {@code handle} checks the handlers and the segment again, as Axon's processor does. Otherwise the
     * invoker's {@code canHandle} is asked segment by segment: each time the handlers and the policy once more.
     */
    static final class Router {
        private final EventHandlerInvoker handlers;
        private final Segment[] segments;
        private final SequencingPolicy<? super EventMessage<?>> policy;
        private final Map<Class<?>, Boolean> handledTypes = new HashMap<>();

        Router(EventHandlerInvoker handlers, Segment[] segments) {
            this.handlers = handlers;
            this.segments = segments;
            this.policy = policyOf(handlers);
        }

        /** Whether the sequencing policy is asked (once per event) rather than the invoker segment by segment. */
        boolean byPolicy() {
            return policy != null;
        }

        /** The index in {@code segments} of the event's segment, or -1 if no handler of the processor takes it. */
        int segmentOf(EventMessage<?> event) {
            if (policy == null) {
                for (int i = 0; i < segments.length; i++) {
                    if (handlers.canHandle(event, segments[i])) {
                        return i;
                    }
                }
                return -1;
            }
            if (!handledTypes.computeIfAbsent(event.getPayloadType(), handlers::canHandleType)) {
                return -1;
            }
            Object key = policy.getSequenceIdentifierFor(event);
            int hash = Objects.hashCode(key != null ? key : event.getIdentifier()); // as SimpleEventHandlerInvoker
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].matches(hash)) {
                    return i;
                }
            }
            return -1;
        }

        private static SequencingPolicy<? super EventMessage<?>> policyOf(EventHandlerInvoker handlers) {
            List<EventHandlerInvoker> invokers = handlers instanceof MultiEventHandlerInvoker multi
                    ? multi.delegates() : List.of(handlers);
            SequencingPolicy<? super EventMessage<?>> policy = null;
            for (EventHandlerInvoker invoker : invokers) {
                if (!(invoker instanceof SimpleEventHandlerInvoker simple)
                        || policy != null && policy != simple.getSequencingPolicy()) {
                    return null;
                }
                policy = simple.getSequencingPolicy();
            }
            return policy;
        }
    }

    /** Whether PostgreSQL aborted the transaction as a deadlock or serialization failure (it may succeed again). */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && TRANSIENT.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
