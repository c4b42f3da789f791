package com.cspmarket.kit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event store's producer reads the store once per wake, not a second time after every read that found events,
 * and its poll still brings events nobody woke it for. {@link FetchGate}'s rule is checked on its own with a clock
 * the test moves.
 */
class WakeableEventStoreTest {

    private final List<BlockingStream<TrackedEventMessage<?>>> streams = new ArrayList<>();
    private final List<EmbeddedEventStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        streams.forEach(BlockingStream::close);
        stores.forEach(EmbeddedEventStore::shutDown);
    }

    @Test
    void readsTheStoreOncePerWake() throws InterruptedException {
        CountingEngine engine = new CountingEngine();
        WakeableEventStore store = store(engine, Duration.ofMinutes(10), true);
        BlockingStream<TrackedEventMessage<?>> stream = tailing(store, engine);

        int before = engine.producerReads.get();
        for (int i = 0; i < 20; i++) {
            store.publish(event(i));
            assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("event " + i);
        }
        // each publication woke the producer once; a wake may come while it reads, never more reads than wakes
        assertThat(engine.producerReads.get() - before).isBetween(1, 20);
    }

    @Test
    void axonsProducerReadsAgainAfterEveryReadThatFoundEvents() throws InterruptedException {
        CountingEngine engine = new CountingEngine();
        WakeableEventStore store = store(engine, Duration.ofMinutes(10), false);
        BlockingStream<TrackedEventMessage<?>> stream = tailing(store, engine);

        int before = engine.producerReads.get();
        for (int i = 0; i < 20; i++) {
            int empty = engine.emptyProducerReads.get();
            store.publish(event(i));
            assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("event " + i);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.emptyProducerReads.get() > empty);
        }
        assertThat(engine.producerReads.get() - before).isGreaterThanOrEqualTo(40);
    }

    @Test
    void thePollStillBringsEventsNobodyWokeItFor() throws InterruptedException {
        CountingEngine engine = new CountingEngine();
        WakeableEventStore store = store(engine, Duration.ofMillis(200), true);
        BlockingStream<TrackedEventMessage<?>> stream = tailing(store, engine);

        engine.appendEvents(List.of(event(1))); // straight into the storage, as another writer would: no wake
        assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 1");
    }

    @Test
    void aReadIsSkippedOnlyWithoutAWakeSinceThePreviousReadBeganAndBeforeThePoll() {
        AtomicLong now = new AtomicLong(1_000);
        List<Long> pauses = new ArrayList<>();
        FetchGate gate = new FetchGate(100, 0, now::get, pauses::add, true);

        assertThat(gate.read()).as("the first read").isTrue();
        now.addAndGet(10);
        assertThat(gate.read()).as("again at once, nothing woke it").isFalse();
        gate.woken();
        assertThat(gate.read()).as("woken while the previous read ran").isTrue();
        now.addAndGet(99);
        assertThat(gate.read()).isFalse();
        now.addAndGet(1);
        assertThat(gate.read()).as("the poll: the previous read began 100 ago").isTrue();
        gate.woken();
        gate.woken();
        assertThat(gate.read()).isTrue();
        assertThat(gate.read()).isFalse();
        assertThat(pauses).isEmpty();

        FetchGate off = new FetchGate(100, 0, now::get, pauses::add, false);
        assertThat(off.read()).isTrue();
        assertThat(off.read()).as("switched off, it always reads").isTrue();
    }

    @Test
    void underLoadAReadWaitsForTheSpacingAndTakesTheWakesOfThePauseAlong() {
        AtomicLong now = new AtomicLong(1_000);
        List<Long> pauses = new ArrayList<>();
        FetchGate gate = new FetchGate(100, 20, now::get, pauses::add, true);
        FetchGate[] busy = new FetchGate[1];
        LongConsumer pauseAndWake = nanos -> {
            pauses.add(nanos);
            now.addAndGet(nanos);
            busy[0].woken(); // a commit during the pause: this read sees it, the next one need not come
        };
        busy[0] = new FetchGate(100, 20, now::get, pauseAndWake, true);

        assertThat(gate.read()).isTrue();
        now.addAndGet(5);
        gate.woken();
        assertThat(gate.read()).as("woken 5 after a read began").isTrue();
        assertThat(pauses).containsExactly(15L);
        pauses.clear();
        now.addAndGet(30);
        gate.woken();
        assertThat(gate.read()).as("a quiet spell: at once").isTrue();
        assertThat(pauses).isEmpty();

        assertThat(busy[0].read()).isTrue();
        now.addAndGet(1);
        busy[0].woken();
        assertThat(busy[0].read()).isTrue();
        assertThat(pauses).containsExactly(19L);
        assertThat(busy[0].read()).as("the wake during the pause was read with it").isFalse();
    }

    @Test
    void aStreamWaitsInSlicesSoThatASignalItMissedCostsOneSliceAtMost() throws InterruptedException {
        List<Long> waits = new ArrayList<>();
        TrackedEventMessage<?> event = new org.axonframework.eventhandling.GenericTrackedEventMessage<>(
                new org.axonframework.eventhandling.GlobalSequenceTrackingToken(1), event(1));
        // Axon's consumer, having missed the producer's signal: its first wait runs out with the event already there
        org.axonframework.eventhandling.TrackingEventStream missedSignal = new org.axonframework.eventhandling.TrackingEventStream() {
            @Override
            public java.util.Optional<TrackedEventMessage<?>> peek() {
                return java.util.Optional.of(event);
            }

            @Override
            public boolean hasNextAvailable(int timeout, TimeUnit unit) {
                waits.add(unit.toMillis(timeout));
                return waits.size() > 1;
            }

            @Override
            public TrackedEventMessage<?> nextAvailable() {
                return event;
            }

            @Override
            public void close() {
            }
        };

        assertThat(new WakeableEventStore.SlicedWaits(missedSignal, new AtomicLong()).hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        assertThat(waits).hasSize(2).allSatisfy(wait -> assertThat(wait)
                .isLessThanOrEqualTo(WakeableEventStore.WAIT_SLICE.toMillis()));
    }

    @Test
    void aProcessorShutDownPromptlyDoesNotWaitOutItsThreadsWaitForTheNextEvent() throws InterruptedException {
        WakeableEventStore store = store(new InMemoryEventStorageEngine(), Duration.ofMinutes(10), true);
        List<Object> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        // its thread waits a minute for the next event (Axon's default: a second), then extends its claim and waits again;
        // Axon interrupts a thread still running after the worker-termination timeout (five seconds), here two minutes
        org.axonframework.eventhandling.TrackingEventProcessor processor =
                org.axonframework.eventhandling.TrackingEventProcessor.builder()
                        .name("idle")
                        .eventHandlerInvoker(recording(handled))
                        .messageSource(store)
                        .tokenStore(new org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore())
                        .transactionManager(org.axonframework.common.transaction.NoTransactionManager.INSTANCE)
                        .trackingEventProcessorConfiguration(org.axonframework.eventhandling.TrackingEventProcessorConfiguration
                                .forSingleThreadedProcessing().andEventAvailabilityTimeout(1, TimeUnit.MINUTES)
                                .andWorkerTerminationTimeout(2, TimeUnit.MINUTES))
                        .build();
        store.publish(event(1));
        processor.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("event 1")
                && processor.processingStatus().values().stream().allMatch(s -> s.isCaughtUp()));

        java.util.concurrent.CompletableFuture<Void> stopped = java.util.concurrent.CompletableFuture.runAsync(
                () -> store.shutDownPromptly(processor));
        // Axon's shutDown() would return when the wait ends, up to a minute from now
        await().atMost(Duration.ofSeconds(10)).until(stopped::isDone);
        assertThat(stopped).isCompleted();
        assertThat(processor.isRunning()).isFalse();
        assertThat(processor.activeProcessorThreads()).isZero();

        // and it starts again where it stopped
        store.publish(event(2));
        processor.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("event 2"));
        assertThat(handled).containsExactly("event 1", "event 2");
        store.shutDownPromptly(processor);
    }

    @Test
    void aReleasedWaitEndsWithTheSliceAndAnEventStillEndsItAtOnce() throws InterruptedException {
        AtomicLong releases = new AtomicLong();
        AtomicInteger slices = new AtomicInteger();
        TrackedEventMessage<?> event = new org.axonframework.eventhandling.GenericTrackedEventMessage<>(
                new org.axonframework.eventhandling.GlobalSequenceTrackingToken(1), event(1));
        java.util.concurrent.atomic.AtomicBoolean available = new java.util.concurrent.atomic.AtomicBoolean();
        org.axonframework.eventhandling.TrackingEventStream empty = new org.axonframework.eventhandling.TrackingEventStream() {
            @Override
            public java.util.Optional<TrackedEventMessage<?>> peek() {
                return available.get() ? java.util.Optional.of(event) : java.util.Optional.empty();
            }

            @Override
            public boolean hasNextAvailable(int timeout, TimeUnit unit) {
                if (slices.incrementAndGet() == 3) {
                    releases.incrementAndGet(); // released during the third slice
                }
                return available.get();
            }

            @Override
            public TrackedEventMessage<?> nextAvailable() {
                return event;
            }

            @Override
            public void close() {
            }
        };
        WakeableEventStore.SlicedWaits waits = new WakeableEventStore.SlicedWaits(empty, releases);

        assertThat(waits.hasNextAvailable(1, TimeUnit.HOURS)).isFalse();
        assertThat(slices.get()).as("the third slice, then one look without waiting").isEqualTo(4);

        available.set(true);
        slices.set(0);
        assertThat(waits.hasNextAvailable(1, TimeUnit.HOURS)).isTrue();
        assertThat(slices.get()).isEqualTo(1);
    }

    @Test
    void aStreamsCallbackRunsAfterTheProducersReadAndNotOnceTheStreamIsClosed() throws InterruptedException {
        CountingEngine engine = new CountingEngine();
        WakeableEventStore store = store(engine, Duration.ofMinutes(10), true);
        BlockingStream<TrackedEventMessage<?>> first = tailing(store, engine);
        BlockingStream<TrackedEventMessage<?>> second = tailing(store, engine);
        AtomicInteger firstTold = new AtomicInteger();
        AtomicInteger secondTold = new AtomicInteger();
        assertThat(first.setOnAvailableCallback(firstTold::incrementAndGet)).isTrue();
        assertThat(second.setOnAvailableCallback(secondTold::incrementAndGet)).isTrue();
        drain(first);
        drain(second);

        store.publish(event(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> firstTold.get() > 0 && secondTold.get() > 0);
        assertThat(first.hasNextAvailable()).as("told after the read: the event is there without a wait").isTrue();
        assertThat(first.nextAvailable().getPayload()).isEqualTo("event 1");

        first.close();
        int told = firstTold.get();
        int secondBefore = secondTold.get();
        store.publish(event(2));
        // the producer tells every registered stream in the same pass: once the second is told, the first would be
        await().atMost(Duration.ofSeconds(10)).until(() -> secondTold.get() > secondBefore);
        assertThat(firstTold.get()).as("closed streams are not told").isEqualTo(told);
        assertThat(store.availabilityCallbacks()).isEqualTo(1);
    }

    @Test
    void aPooledProcessorsCoordinatorIsToldOfNewEventsAndLetsGoWhenItStops() {
        WakeableEventStore store = store(new InMemoryEventStorageEngine(), Duration.ofMinutes(10), true);
        List<Object> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ScheduledExecutorService coordinator = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.ScheduledExecutorService workers = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor processor =
                    org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor.builder()
                            .name("pooled")
                            .eventHandlerInvoker(recording(handled))
                            .messageSource(store)
                            .tokenStore(new org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore())
                            .transactionManager(org.axonframework.common.transaction.NoTransactionManager.INSTANCE)
                            .coordinatorExecutor(coordinator)
                            .workerExecutor(workers)
                            .initialSegmentCount(4)
                            // without being told, a caught-up coordinator would look again only after a minute
                            .tokenClaimInterval(60_000)
                            .claimExtensionThreshold(60_000)
                            .build();
            store.publish(event(1));
            processor.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("event 1")
                    && store.availabilityCallbacks() == 1);

            store.publish(event(2));
            store.publish(event(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 3);
            assertThat(handled).containsExactly("event 1", "event 2", "event 3");

            store.shutDownPromptly(processor);
            // the coordinator closes its stream as it stops, just after it says it has stopped
            await().atMost(Duration.ofSeconds(10)).until(() -> store.availabilityCallbacks() == 0);
        } finally {
            coordinator.shutdownNow();
            workers.shutdownNow();
        }
    }

    /** Handlers that add each event's payload to {@code handled}. */
    private static org.axonframework.eventhandling.EventHandlerInvoker recording(List<Object> handled) {
        return org.axonframework.eventhandling.SimpleEventHandlerInvoker.builder()
                .eventHandlers((org.axonframework.eventhandling.EventMessageHandler) e -> handled.add(e.getPayload()))
                .build();
    }

    private static void drain(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        while (stream.hasNextAvailable()) {
            stream.nextAvailable();
        }
    }

    private WakeableEventStore store(EventStorageEngine engine, Duration fetchDelay, boolean onWakeOnly) {
        WakeableEventStore store = new WakeableEventStore(EmbeddedEventStore.builder().storageEngine(engine)
                .fetchDelay(fetchDelay.toMillis()), fetchDelay, Duration.ofMillis(20), onWakeOnly, true);
        stores.add(store);
        return store;
    }

    /**
     * A stream that has caught up with the store, so that it reads through the producer, once the producer has made
     * its first read (which is not a wake's).
     */
    private BlockingStream<TrackedEventMessage<?>> tailing(WakeableEventStore store, CountingEngine engine) throws InterruptedException {
        store.publish(event(-1));
        BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null);
        streams.add(stream);
        assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
        stream.nextAvailable();
        stream.hasNextAvailable(); // past the end of its private read: tails the producer, which it starts
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.producerReads.get() >= 1); // the producer's first read
        return stream;
    }

    private static DomainEventMessage<String> event(int i) {
        return new GenericDomainEventMessage<>("Test", "aggregate-" + i, 0, "event " + i);
    }

    /** The in-memory engine, counting the producer's reads and those that found nothing. */
    private static final class CountingEngine extends InMemoryEventStorageEngine {

        final AtomicInteger producerReads = new AtomicInteger();
        final AtomicInteger emptyProducerReads = new AtomicInteger();

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
            if (!mayBlock) {
                return super.readEvents(token, false);
            }
            producerReads.incrementAndGet();
            List<? extends TrackedEventMessage<?>> read = super.readEvents(token, false).toList();
            if (read.isEmpty()) {
                emptyProducerReads.incrementAndGet();
            }
            return read.stream();
        }
    }
}
