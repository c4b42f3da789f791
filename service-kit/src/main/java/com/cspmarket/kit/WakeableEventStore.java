package com.cspmarket.kit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Axon's embedded event store, which its processors read from, with two changes: it can be told that events were
 * committed elsewhere, and it wakes for its own commits once they are committed. By itself it fetches early only after
 * a commit of its own JVM, and then before the outer transaction has committed, so the fetch often found nothing and
 * waited out the fetch delay; events another instance of the service wrote wait for the next poll. {@link EventStoreNotifications} calls {@link #wake()} when PostgreSQL
 * reports a commit to the event table, from any instance.
 * <p>
 * And since every commit wakes it, its producer reads the store only when woken since its previous read began, or
 * when that read began a poll's interval ago, and under load at most once per spacing ({@link FetchGate}): Axon's
 * producer reads again at once after every read that found events, and once per wake.
 * <p>
 * Its streams also tell a pooled processor's coordinator when the producer has read new events ({@link Callbacks}),
 * which Axon's streams cannot, and a tracking processor's waits for the next event come in slices ({@link SlicedWaits}).
 */
public class WakeableEventStore extends EmbeddedEventStore {

    private final FetchGate gate;
    private final boolean slicedWaits;
    /** Counts {@link #releaseWaits()}: a sliced wait that sees it change returns at the end of its slice. */
    private final AtomicLong releases = new AtomicLong();
    private final EventStorageEngine gatedReads;
    /** What the streams' consumers asked to be told when the producer has read events ({@link #openStream}). */
    private final Set<Runnable> onAvailable = ConcurrentHashMap.newKeySet();

    /**
     * @param fetchDelay the producer's poll (the builder's fetch delay): a read is never skipped when the previous one
     *                   began half of it ago or earlier
     * @param spacing    a read comes at the earliest this long after the previous one began
     * @param onWakeOnly false: read again at once after every read that found events, as Axon does
     * @param slicedWaits false: a stream waits for the next event as Axon's does ({@link #openStream})
     */
    WakeableEventStore(Builder builder, Duration fetchDelay, Duration spacing, boolean onWakeOnly,
                       boolean slicedWaits) {
        super(builder);
        this.slicedWaits = slicedWaits;
        this.gate = new FetchGate(fetchDelay.toNanos() / 2, spacing.toNanos(), System::nanoTime,
                LockSupport::parkNanos, onWakeOnly);
        this.gatedReads = new GatedReads(super.storageEngine(), gate, this::produced);
    }

    /** Events were committed (anywhere): processors waiting for new events fetch now rather than at the next poll. */
    public void wake() {
        gate.woken();
        super.afterCommit(List.of());
    }

    /**
     * Axon's stream, whose waits for the next event last at most {@link #WAIT_SLICE} at a time. Axon's consumer looks for
     * the next event and then waits for the producer's signal, not under one lock: a signal that comes in between is
     * lost, and the consumer waits out its whole timeout (a tracking processor's thread: up to its event-availability
     * timeout, one second) with the event already there. Waiting in slices, it looks again after at most one slice.
     */
    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        TrackingEventStream stream = super.openStream(trackingToken);
        return new Callbacks(slicedWaits ? new SlicedWaits(stream, releases) : stream, onAvailable);
    }

    /** How many open streams asked to be told of new events (for tests). */
    int availabilityCallbacks() {
        return onAvailable.size();
    }

    /**
     * The producer has read events from the store, and every event of that read is in the cache the streams follow:
     * the streams' availability callbacks run (on the producer's thread, so they only hand the news on). One that
     * fails is logged and the others are still told.
     */
    private void produced() {
        for (Runnable callback : onAvailable) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(WakeableEventStore.class)
                        .warn("a stream's availability callback failed; its coordinator looks again within a second", e);
            }
        }
    }

    /**
     * Every stream waiting for its next event stops waiting at the end of its current slice, as if its timeout had run
     * out (only with sliced waits). A tracking processor's thread that is told to stop finishes its wait first: up to
     * its event-availability timeout, a second, for every shut-down, rebuild and republication.
     */
    public void releaseWaits() {
        releases.incrementAndGet();
    }

    /**
     * Shuts {@code processor} down as {@link EventProcessor#shutDown()} does, without its threads waiting out their
     * wait for the next event: the waits are released ({@link #releaseWaits()}) until the processor has stopped, so a
     * thread that began one after the first release is let go too.
     */
    public void shutDownPromptly(EventProcessor processor) {
        CompletableFuture<Void> stopped = processor.shutdownAsync();
        while (!stopped.isDone()) {
            releaseWaits();
            try {
                stopped.get(WAIT_SLICE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still stopping: release the waits begun since
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + processor.getName() + " was shutting down", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(processor.getName() + " failed to shut down", e.getCause());
            }
        }
    }

    /** How long one wait for the next event lasts before the stream looks again. */
    static final Duration WAIT_SLICE = Duration.ofMillis(25);

    record SlicedWaits(TrackingEventStream stream, AtomicLong releases)
            implements TrackingEventStream {

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long released = releases.get();
            long left = unit.toNanos(timeout);
            long deadline = System.nanoTime() + left;
            while (left > 0 && releases.get() == released) {
                long slice = Math.max(1, TimeUnit.NANOSECONDS.toMillis(
                        Math.min(left, WAIT_SLICE.toNanos())));
                if (stream.hasNextAvailable((int) slice, TimeUnit.MILLISECONDS)) {
                    return true;
                }
                left = deadline - System.nanoTime();
            }
            return stream.hasNextAvailable(0, TimeUnit.MILLISECONDS);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable((int) WAIT_SLICE.toMillis(), TimeUnit.MILLISECONDS)) {
                // the event is there after at most one slice once the producer has it
            }
            return stream.nextAvailable();
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public void close() {
            stream.close();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }
    }

    /**
     * Runs {@code after} once the spliterator is exhausted (or failed while its rest was taken), if it gave any
     * element: a read that found nothing puts nothing new in the cache.
     */
    static final class ThenRun<T> implements Spliterator<T> {

        private final Spliterator<T> delegate;
        private final Runnable after;
        private boolean gave;
        private boolean ran;

        ThenRun(Spliterator<T> delegate, Runnable after) {
            this.delegate = delegate;
            this.after = after;
        }

        @Override
        public boolean tryAdvance(java.util.function.Consumer<? super T> action) {
            boolean advanced = false;
            try {
                advanced = delegate.tryAdvance(element -> {
                    gave = true;
                    action.accept(element);
                });
                return advanced;
            } finally {
                if (!advanced) {
                    runOnce();
                }
            }
        }

        @Override
        public void forEachRemaining(java.util.function.Consumer<? super T> action) {
            try {
                delegate.forEachRemaining(element -> {
                    gave = true;
                    action.accept(element);
                });
            } finally {
                runOnce();
            }
        }

        private void runOnce() {
            if (gave && !ran) {
                ran = true;
                after.run();
            }
        }

        @Override
        public Spliterator<T> trySplit() {
            return null;
        }

        @Override
        public long estimateSize() {
            return delegate.estimateSize();
        }

        @Override
        public int characteristics() {
            return delegate.characteristics() & (ORDERED | NONNULL | IMMUTABLE);
        }
    }

    /**
     * The storage engine as Axon's producer and its private streams see it: the producer's reads (the tailing read,
     * {@code mayBlock}) go through the gate, everything else straight to the engine.
     */
    @Override
    protected EventStorageEngine storageEngine() {
        return gatedReads;
    }

    /**
     * Axon calls this when its unit of work commits; inside a Spring transaction it joined (a request's, with its
     * MS-RequestId row), that is before the events are committed, and a fetch then finds nothing and waits for the
     * next poll. Here the wake waits for the Spring transaction to commit.
     */
    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
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

    /**
     * A stream that can tell its consumer when events may have become available: Axon's pooled streaming processor
     * reads the stream on a coordinator task that, once it has caught up, runs again when told so (or after its claim
     * interval), and otherwise every half second (Axon's own streams cannot tell: {@code setOnAvailableCallback} is
     * false). Its callback runs after each of the producer's reads of the store that found events ({@link #produced()})
     * until the stream is closed. A stream behind the cache reads the store on its own, and its coordinator runs again
     * at once while it finds events.
     */
    static final class Callbacks implements TrackingEventStream {

        private final TrackingEventStream stream;
        private final Set<Runnable> registry;
        private Runnable callback;

        Callbacks(TrackingEventStream stream, Set<Runnable> registry) {
            this.stream = stream;
            this.registry = registry;
        }

        @Override
        public synchronized boolean setOnAvailableCallback(Runnable callback) {
            if (this.callback != null) {
                registry.remove(this.callback);
            }
            // a wrapper of its own, so that two streams given the same callback are told apart in the registry
            Runnable own = callback::run;
            this.callback = own;
            registry.add(own);
            return true;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return stream.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return stream.nextAvailable();
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public synchronized void close() {
            if (callback != null) {
                registry.remove(callback);
                callback = null;
            }
            stream.close();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }
    }

    private record GatedReads(EventStorageEngine engine, FetchGate gate, Runnable produced)
            implements EventStorageEngine {

        /**
         * The producer's read ({@code mayBlock}) tells {@code produced} when Axon's producer has taken its last event,
         * which it puts in the cache as it takes it: the consumers then find every event of the read there.
         */
        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            if (!mayBlock) {
                return engine.readEvents(trackingToken, false);
            }
            if (!gate.read()) {
                return Stream.empty();
            }
            Stream<? extends TrackedEventMessage<?>> read = engine.readEvents(trackingToken, true);
            return StreamSupport.stream(new ThenRun<>(read.spliterator(), produced), false).onClose(read::close);
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            engine.appendEvents(events);
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            engine.storeSnapshot(snapshot);
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier) {
            return engine.readEvents(aggregateIdentifier);
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            return engine.readEvents(aggregateIdentifier, firstSequenceNumber);
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return engine.readSnapshot(aggregateIdentifier);
        }

        @Override
        public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
            return engine.lastSequenceNumberFor(aggregateIdentifier);
        }

        @Override
        public TrackingToken createTailToken() {
            return engine.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return engine.createHeadToken();
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return engine.createTokenAt(dateTime);
        }
    }
}
