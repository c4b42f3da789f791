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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

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
 */
public class WakeableEventStore extends EmbeddedEventStore {

    private final FetchGate gate;
    private final boolean slicedWaits;
    /** Counts {@link #releaseWaits()}: a sliced wait that sees it change returns at the end of its slice. */
    private final AtomicLong releases = new AtomicLong();
    private final EventStorageEngine gatedReads;

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
        this.gatedReads = new GatedReads(super.storageEngine(), gate);
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
        return slicedWaits ? new SlicedWaits(stream, releases) : stream;
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

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return stream.setOnAvailableCallback(callback);
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

    private record GatedReads(EventStorageEngine engine, FetchGate gate) implements EventStorageEngine {

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            return !mayBlock || gate.read() ? engine.readEvents(trackingToken, mayBlock) : Stream.empty();
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
