package com.cspmarket.kit;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link EventBatch}: what a handler is told its batch is, in each way events are handled. */
class EventBatchTest {

    private static List<EventMessage<?>> events(int count) {
        return IntStream.rangeClosed(1, count).<EventMessage<?>>mapToObj(i -> GenericEventMessage.asEventMessage("event " + i))
                .toList();
    }

    @Test
    void aBatchingUnitOfWorksMessagesAreTheBatchOfEachOfThem() {
        List<EventMessage<?>> events = events(3);
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        Map<Object, List<EventMessage<?>>> seen = new ConcurrentHashMap<>();

        unitOfWork.executeWithResult(() -> seen.put(unitOfWork.getMessage().getPayload(), EventBatch.current()));

        assertThat(seen).hasSize(3).allSatisfy((payload, batch) -> assertThat(batch).containsExactlyElementsOf(events));
    }

    @Test
    void aChunkOfABulkRebuildIsTheBatchAndOutsideOneThereIsTheEventOrNothing() {
        List<EventMessage<?>> chunk = events(4);
        assertThat(EventBatch.handling(chunk, EventBatch::current)).containsExactlyElementsOf(chunk);
        assertThat(EventBatch.current()).as("after the chunk").isEmpty();

        EventMessage<?> alone = events(1).get(0);
        DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(alone);
        try {
            assertThat(EventBatch.current()).containsExactly(alone);
        } finally {
            unitOfWork.rollback();
        }
        assertThat(CurrentUnitOfWork.isStarted()).isFalse();
    }

    /** What the services' processors do: each event is handled within its batch's unit of work, and sees the batch. */
    @Test
    void aPooledProcessorsHandlerSeesTheBatchItIsHandledIn() {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService workers = Executors.newSingleThreadScheduledExecutor();
        Map<Object, List<Object>> batches = new ConcurrentHashMap<>();
        try {
            PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                    .name("batched")
                    .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                            .eventHandlers((EventMessageHandler) e -> batches.put(e.getPayload(),
                                    EventBatch.current().stream().<Object>map(EventMessage::getPayload).toList()))
                            .build())
                    .messageSource(store)
                    .tokenStore(new InMemoryTokenStore())
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .coordinatorExecutor(coordinator)
                    .workerExecutor(workers)
                    .initialSegmentCount(1)
                    .batchSize(10)
                    .build();
            events(5).forEach(store::publish);
            processor.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 5);
            processor.shutDown();

            batches.forEach((payload, batch) -> assertThat(batch).contains(payload).isSubsetOf(
                    "event 1", "event 2", "event 3", "event 4", "event 5"));
        } finally {
            coordinator.shutdownNow();
            workers.shutdownNow();
            store.shutDown();
        }
    }
}
