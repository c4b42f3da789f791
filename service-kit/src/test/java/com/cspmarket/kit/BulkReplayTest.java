package com.cspmarket.kit;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bulk rebuild and the processor never run side by side in one instance: a rebuild asked while one is under way is
 * refused and leaves the processor as it is (stopped), and one asked while the previous rebuild hands over to the
 * processor waits until the processor is started, then stops it again.
 */
class BulkReplayTest {

    private static final String NAME = "some-projection";

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final InMemoryTokenStore tokens = new InMemoryTokenStore();
    private final BulkReplay bulk = new BulkReplay(tokens, NoTransactionManager.INSTANCE, storage, 2,
            org.axonframework.eventhandling.StreamingEventProcessor::shutDown);
    private final FakeProcessor processor = new FakeProcessor();
    private final BlockingHandlers handlers = new BlockingHandlers();

    BulkReplayTest() {
        tokens.initializeTokenSegments(NAME, 2);
        tokens.storeToken(new GlobalSequenceTrackingToken(1), NAME, 0);
        tokens.storeToken(new GlobalSequenceTrackingToken(2), NAME, 1);
        storage.appendEvents(List.of(event(1), event(2), event(3)));
    }

    @AfterEach
    void releaseEverything() {
        handlers.proceed.countDown();
        processor.proceedWithStart.countDown();
        bulk.stop();
    }

    @Test
    void aSecondRebuildWhileOneRunsIsRefusedAndLeavesTheProcessorStopped() {
        processor.proceedWithStart.countDown();
        assertThat(bulk.rebuild(processor.proxy, handlers, () -> { })).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> handlers.waiting.getCount() == 0);

        assertThat(bulk.rebuild(processor.proxy, handlers, () -> { })).isFalse();
        assertThat(processor.running).isFalse();
        assertThat(processor.calls).containsExactly("shutDown");

        handlers.proceed.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.running.get() && !bulk.running(NAME));
        assertThat(processor.calls).containsExactly("shutDown", "start", "started");
        assertThat(handlers.handled).hasValue(3);
        assertThat(handlers.sawProcessorRunning).isFalse();
    }

    @Test
    void aRebuildAskedWhileThePreviousOneHandsOverWaitsForTheProcessorsStart() throws Exception {
        handlers.proceed.countDown();
        assertThat(bulk.rebuild(processor.proxy, handlers, () -> { })).isTrue();
        // the bulk thread has read everything and is starting the processor, which takes its time
        assertThat(processor.startEntered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(
                () -> bulk.rebuild(processor.proxy, handlers, () -> { }));
        // the second rebuild may not stop the processor, nor start its own bulk reader, in the middle of the start
        assertThat(second).isNotCompleted();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> !second.isDone() && processor.calls.equals(List.of("shutDown", "start")));

        processor.proceedWithStart.countDown();
        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.running.get() && !bulk.running(NAME));
        assertThat(processor.calls).containsExactly("shutDown", "start", "started", "shutDown", "start", "started");
        assertThat(handlers.handled).hasValue(6);
        assertThat(handlers.sawProcessorRunning).isFalse();
    }

    @Test
    void theIndexesAreLeftOutAtTheResetAndBuiltAgainAfterTheLastEventBeforeTheProcessorStarts() {
        BulkReplay withIndexes = new BulkReplay(tokens, NoTransactionManager.INSTANCE, storage, 2,
                org.axonframework.eventhandling.StreamingEventProcessor::shutDown, new BulkReplay.Indexes() {
            @Override
            public void defer(String name) {
                processor.calls.add("defer " + name + " after " + handlers.handled.get() + " events");
            }

            @Override
            public void restore(String name) {
                processor.calls.add("restore " + name + " after " + handlers.handled.get() + " events");
            }
        });
        processor.proceedWithStart.countDown();
        assertThat(withIndexes.rebuild(processor.proxy, handlers, () -> { })).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> handlers.waiting.getCount() == 0);

        // while it rebuilds, what would build the indexes (for an instance that is gone) leaves them alone
        AtomicInteger ranBeside = new AtomicInteger();
        assertThat(withIndexes.unlessRebuilding(NAME, ranBeside::incrementAndGet)).isFalse();
        assertThat(ranBeside).hasValue(0);

        handlers.proceed.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.running.get() && !withIndexes.running(NAME));
        assertThat(processor.calls).containsExactly("shutDown", "defer " + NAME + " after 0 events",
                "restore " + NAME + " after 3 events", "start", "started");
        // and while indexes are built that way, a rebuild is refused as one under way would be
        assertThat(withIndexes.unlessRebuilding(NAME, () -> {
            ranBeside.incrementAndGet();
            assertThat(withIndexes.rebuild(processor.proxy, handlers, () -> { })).isFalse();
        })).isTrue();
        assertThat(ranBeside).hasValue(1);
        assertThat(processor.calls).hasSize(5); // not stopped by the refused rebuild
        withIndexes.stop();
    }

    @Test
    void aRebuildRightAfterARebuildWithNothingRecordedInBetweenCompletes() {
        handlers.proceed.countDown();
        processor.proceedWithStart.countDown();
        assertThat(bulk.rebuild(processor.proxy, handlers, () -> { })).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.running.get() && !bulk.running(NAME));
        // segment 1 was at the last event when reset: it is still replaying; segment 0 is not
        assertThat(tokens.fetchToken(NAME, 1)).isInstanceOf(ReplayToken.class);
        assertThat(tokens.fetchToken(NAME, 0)).isNotInstanceOf(ReplayToken.class);

        assertThat(bulk.rebuild(processor.proxy, handlers, () -> { })).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.calls.size() == 6 && !bulk.running(NAME));
        assertThat(processor.calls).containsExactly("shutDown", "start", "started", "shutDown", "start", "started");
        assertThat(handlers.handled).hasValue(6);
        assertThat(tokens.fetchToken(NAME, 0).position()).hasValue(2);
        assertThat(tokens.fetchToken(NAME, 1).position()).hasValue(2);
    }

    @Test
    void eachSegmentsEventsReachOneWorkerInTheStoresOrderAndEveryTokenEndsAtTheHead() {
        RecordingHandlers recording = new RecordingHandlers(null);
        InMemoryTokenStore segmentTokens = rebuildWithTwoWorkers(recording);

        assertThat(recording.handled).hasSize(AGGREGATES * PER_AGGREGATE);
        recording.handled.stream().collect(java.util.stream.Collectors.groupingBy(h -> h.payload().split(":")[0]))
                .forEach((aggregate, handled) -> {
                    assertThat(handled).extracting(h -> Integer.parseInt(h.payload().split(":")[1]))
                            .as(aggregate + " in order").isSorted().hasSize(PER_AGGREGATE);
                    assertThat(handled).extracting(Handled::segment).as(aggregate + " in one segment").containsOnly(
                            handled.get(0).segment());
                });
        var threadsBySegment = recording.handled.stream().collect(java.util.stream.Collectors.groupingBy(
                Handled::segment, java.util.stream.Collectors.mapping(Handled::thread, java.util.stream.Collectors.toSet())));
        assertThat(threadsBySegment).hasSize(4).allSatisfy((segment, threads) -> assertThat(threads).hasSize(1));
        assertThat(threadsBySegment.values().stream().flatMap(Set::stream).distinct()).hasSize(2);
        for (int segment = 0; segment < 4; segment++) {
            assertThat(segmentTokens.fetchToken(NAME, segment).position()).hasValue(AGGREGATES * PER_AGGREGATE - 1);
        }
    }

    @Test
    void aTransactionAbortedAsADeadlockIsTriedAgainWithTheSameEvents() {
        AtomicInteger failures = new AtomicInteger();
        RecordingHandlers recording = new RecordingHandlers(payload -> {
            if (payload.equals("a7:3") && failures.getAndIncrement() < 2) {
                throw new org.springframework.dao.CannotAcquireLockException("deadlock",
                        new java.sql.SQLException("deadlock detected", "40P01"));
            }
        });
        InMemoryTokenStore segmentTokens = rebuildWithTwoWorkers(recording);

        assertThat(failures).hasValue(3);
        assertThat(recording.handled).extracting(Handled::payload).contains("a7:3")
                .containsAll(manyEvents().stream().map(e -> (String) e.getPayload()).toList());
        for (int segment = 0; segment < 4; segment++) {
            assertThat(segmentTokens.fetchToken(NAME, segment).position()).hasValue(AGGREGATES * PER_AGGREGATE - 1);
        }
    }

    @Test
    void aFailingWorkerStopsTheRebuildAndLeavesTheRestToTheProcessor() {
        RecordingHandlers recording = new RecordingHandlers(payload -> {
            if (payload.equals("a7:3")) {
                throw new IllegalArgumentException("refused");
            }
        });
        InMemoryTokenStore segmentTokens = rebuildWithTwoWorkers(recording);

        // a7:3 is the 68th event (index 67): the failing segment's token stays before it, the processor goes on from there
        int failingSegment = recording.segmentOf("a7");
        assertThat(segmentTokens.fetchToken(NAME, failingSegment)).isInstanceOf(ReplayToken.class)
                .satisfies(token -> assertThat(token.position().orElse(-1)).isLessThan(3 * AGGREGATES + 7));
        assertThat(processor.calls).containsExactly("shutDown", "start", "started");
    }

    /** The store's reader failing half-way stops the workers too; the processor goes on from the stored tokens. */
    @Test
    void aStoreThatFailsHalfWayStopsTheRebuildAndLeavesTheRestToTheProcessor() {
        RecordingHandlers recording = new RecordingHandlers(null);
        int half = AGGREGATES * PER_AGGREGATE / 2;
        InMemoryEventStorageEngine failing = new InMemoryEventStorageEngine() {
            @Override
            public java.util.stream.Stream<? extends org.axonframework.eventhandling.TrackedEventMessage<?>> readEvents(
                    org.axonframework.eventhandling.TrackingToken token, boolean mayBlock) {
                return java.util.stream.Stream.concat(super.readEvents(token, mayBlock).limit(half),
                        java.util.stream.Stream.generate(() -> {
                            throw new IllegalStateException("the store went away");
                        }));
            }
        };
        InMemoryTokenStore segmentTokens = rebuildWithTwoWorkers(recording, failing);

        assertThat(recording.handled.size()).isLessThanOrEqualTo(half);
        for (int segment = 0; segment < 4; segment++) {
            assertThat(segmentTokens.fetchToken(NAME, segment)).as("segment %d", segment).isInstanceOf(ReplayToken.class)
                    .satisfies(token -> assertThat(token.position().orElse(-1)).isLessThan(half));
        }
        assertThat(processor.calls).containsExactly("shutDown", "start", "started");
    }

    /** Rebuilds over {@link #manyEvents()} with four segments and two workers; returns the tokens once it is over. */
    private InMemoryTokenStore rebuildWithTwoWorkers(RecordingHandlers handlers) {
        return rebuildWithTwoWorkers(handlers, new InMemoryEventStorageEngine());
    }

    private InMemoryTokenStore rebuildWithTwoWorkers(RecordingHandlers handlers, InMemoryEventStorageEngine store) {
        store.appendEvents(manyEvents());
        InMemoryTokenStore segmentTokens = new InMemoryTokenStore();
        segmentTokens.initializeTokenSegments(NAME, 4, new GlobalSequenceTrackingToken(AGGREGATES * PER_AGGREGATE - 1));
        BulkReplay parallel = new BulkReplay(segmentTokens, NoTransactionManager.INSTANCE, store, 2,
                org.axonframework.eventhandling.StreamingEventProcessor::shutDown);
        processor.proceedWithStart.countDown();

        assertThat(parallel.rebuild(processor.proxy, handlers, () -> { })).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.running.get() && !parallel.running(NAME));
        return segmentTokens;
    }

    private static final int AGGREGATES = 20;
    private static final int PER_AGGREGATE = 10;

    /**
     * With Axon's invokers (their sequencing policy at hand), the reader asks the policy once per event and finds the
     * segment Axon's own check finds segment by segment, the message's identifier standing in for a missing sequence
     * identifier; an event no handler takes goes to no segment.
     */
    @Test
    void theRouterFindsTheSegmentAxonsCheckFinds() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        org.axonframework.eventhandling.async.SequencingPolicy<EventMessage<?>> byAggregate = e -> {
            asked.incrementAndGet();
            return e.getPayload() instanceof String s && !s.startsWith("loose") ? s.split(":")[0] : null;
        };
        EventHandlerInvoker invoker = new org.axonframework.eventhandling.MultiEventHandlerInvoker(
                org.axonframework.eventhandling.SimpleEventHandlerInvoker.builder().eventHandlers(new TakesStrings())
                        .sequencingPolicy(byAggregate).build(),
                org.axonframework.eventhandling.SimpleEventHandlerInvoker.builder().eventHandlers(new TakesLongs())
                        .sequencingPolicy(byAggregate).build());
        int[] ids = {0, 1, 2, 3};
        Segment[] segments = java.util.Arrays.stream(ids).mapToObj(id -> Segment.computeSegment(id, ids))
                .toArray(Segment[]::new);
        BulkReplay.Router router = new BulkReplay.Router(invoker, segments);
        assertThat(router.byPolicy()).isTrue();

        List<EventMessage<?>> events = new java.util.ArrayList<>(manyEvents());
        for (int i = 0; i < 50; i++) {
            events.add(GenericEventMessage.asEventMessage("loose " + i)); // no sequence identifier
            events.add(GenericEventMessage.asEventMessage((long) i));
            events.add(GenericEventMessage.asEventMessage(i)); // an Integer: no handler takes it
        }
        java.util.Map<Integer, Integer> perSegment = new java.util.HashMap<>();
        for (EventMessage<?> event : events) {
            int axons = -1;
            for (int i = 0; i < segments.length && axons < 0; i++) {
                if (invoker.canHandle(event, segments[i])) {
                    axons = i;
                }
            }
            asked.set(0);
            assertThat(router.segmentOf(event)).as(String.valueOf(event.getPayload())).isEqualTo(axons);
            assertThat(asked.get()).as("the policy asked for " + event.getPayload()).isLessThanOrEqualTo(1);
            perSegment.merge(axons, 1, Integer::sum);
        }
        assertThat(perSegment).containsEntry(-1, 50).containsKeys(0, 1, 2, 3);
        assertThat(new BulkReplay.Router(new RecordingHandlers(null), segments).byPolicy())
                .as("another invoker: asked segment by segment").isFalse();
    }

    static final class TakesStrings {
        @org.axonframework.eventhandling.EventHandler
        void on(String event) {
        }
    }

    static final class TakesLongs {
        @org.axonframework.eventhandling.EventHandler
        void on(Long event) {
        }
    }

    /** a0:0, a1:0, ... a19:0, a0:1, ...: each aggregate's events in order, interleaved with the others'. */
    private static List<EventMessage<?>> manyEvents() {
        List<EventMessage<?>> events = new java.util.ArrayList<>();
        for (int n = 0; n < PER_AGGREGATE; n++) {
            for (int a = 0; a < AGGREGATES; a++) {
                events.add(GenericEventMessage.asEventMessage("a" + a + ":" + n));
            }
        }
        return events;
    }

    private record Handled(String payload, int segment, String thread) {
    }

    /** Handlers sequenced by aggregate (the payload's prefix), recording who handled what. */
    private static final class RecordingHandlers implements EventHandlerInvoker {
        final List<Handled> handled = new CopyOnWriteArrayList<>();
        private final java.util.function.Consumer<String> before;

        RecordingHandlers(java.util.function.Consumer<String> before) {
            this.before = before == null ? p -> { } : before;
        }

        int segmentOf(String aggregate) {
            return handled.stream().filter(h -> h.payload().startsWith(aggregate + ":")).findFirst()
                    .orElseThrow().segment();
        }

        @Override
        public boolean canHandle(EventMessage<?> message, Segment segment) {
            return segment.matches(((String) message.getPayload()).split(":")[0]);
        }

        @Override
        public boolean canHandleType(Class<?> payloadType) {
            return true;
        }

        @Override
        public void handle(EventMessage<?> message, Segment segment) {
            assertThat(canHandle(message, segment)).isTrue();
            String payload = (String) message.getPayload();
            before.accept(payload);
            handled.add(new Handled(payload, segment.getSegmentId(), Thread.currentThread().getName()));
        }

        @Override
        public boolean supportsReset() {
            return true;
        }

        @Override
        public void performReset() {
        }
    }

    private static EventMessage<?> event(int n) {
        return GenericEventMessage.asEventMessage("event " + n);
    }

    /** A processor that records what it is asked; its start can be held back. */
    private static final class FakeProcessor implements java.lang.reflect.InvocationHandler {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicBoolean running = new AtomicBoolean();
        final CountDownLatch startEntered = new CountDownLatch(1);
        final CountDownLatch proceedWithStart = new CountDownLatch(1);
        private final StreamingEventProcessor proxy = (StreamingEventProcessor) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{StreamingEventProcessor.class}, this);

        @Override
        public Object invoke(Object self, java.lang.reflect.Method method, Object[] args) throws InterruptedException {
            switch (method.getName()) {
                case "getName" -> {
                    return NAME;
                }
                case "isRunning" -> {
                    return running.get();
                }
                case "start" -> {
                    calls.add("start");
                    startEntered.countDown();
                    proceedWithStart.await();
                    calls.add("started"); // before it counts as running, so a test that waits for that sees it
                    running.set(true);
                    return null;
                }
                case "shutDown" -> {
                    calls.add("shutDown");
                    running.set(false);
                    return null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            }
        }
    }

    /** Handlers that hold the bulk thread at the first event until told to go on, and note the processor's state. */
    private final class BlockingHandlers implements EventHandlerInvoker {
        final CountDownLatch waiting = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);
        final AtomicInteger handled = new AtomicInteger();
        final AtomicBoolean sawProcessorRunning = new AtomicBoolean();

        @Override
        public boolean canHandle(EventMessage<?> eventMessage, Segment segment) {
            return true;
        }

        @Override
        public boolean canHandleType(Class<?> payloadType) {
            return true;
        }

        @Override
        public void handle(EventMessage<?> message, Segment segment) throws Exception {
            waiting.countDown();
            proceed.await();
            if (processor.running.get()) {
                sawProcessorRunning.set(true);
            }
            handled.incrementAndGet();
        }

        @Override
        public boolean supportsReset() {
            return true;
        }

        @Override
        public void performReset() {
        }
    }
}
