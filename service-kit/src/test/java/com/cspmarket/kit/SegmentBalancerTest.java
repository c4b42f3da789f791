package com.cspmarket.kit;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SegmentBalancerTest {

    @Test
    void aloneAnInstanceKeepsEverySegment() {
        assertThat(SegmentBalancer.toRelease(Set.of(0, 1, 2, 3), 4, 1)).isEmpty();
    }

    @Test
    void aboveItsShareItReleasesTheHighestSegmentOnePerRound() {
        assertThat(SegmentBalancer.toRelease(Set.of(0, 1, 2, 3), 4, 2)).hasValue(3);
        assertThat(SegmentBalancer.toRelease(Set.of(0, 1, 2), 4, 2)).hasValue(2);
        assertThat(SegmentBalancer.toRelease(Set.of(0, 1), 4, 2)).isEmpty();
    }

    @Test
    void theShareIsRoundedUpSoEverySegmentHasARoom() {
        assertThat(SegmentBalancer.toRelease(Set.of(0, 1), 4, 3)).isEmpty();      // 4 over 3: up to 2 each
        assertThat(SegmentBalancer.toRelease(Set.of(0, 1, 5), 4, 3)).hasValue(5);
        assertThat(SegmentBalancer.toRelease(Set.of(2), 4, 8)).isEmpty();         // more instances than segments
    }

    @Test
    void noInstanceSeenCountsAsThisOneAlone() {
        assertThat(SegmentBalancer.toRelease(Set.of(0, 1, 2, 3), 4, 0)).isEmpty();
    }

    /**
     * Axon's pooled processor dates a release by the business clock and checks it by the system clock it runs on: with
     * the business clock a year ahead, the segment released for a moment would stay blocked for a year.
     */
    @Test
    void aPooledProcessorTakesAReleasedSegmentUpAgainWhenTheBusinessClockIsAYearAhead() {
        Clock business = GenericEventMessage.clock;
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService workers = Executors.newSingleThreadScheduledExecutor();
        GenericEventMessage.clock = Clock.fixed(Instant.now().plus(Duration.ofDays(365)), ZoneOffset.UTC);
        try {
            PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                    .name("balanced")
                    .eventHandlerInvoker(org.axonframework.eventhandling.SimpleEventHandlerInvoker.builder()
                            .eventHandlers((org.axonframework.eventhandling.EventMessageHandler) e -> null).build())
                    .messageSource(store)
                    .tokenStore(new org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore())
                    .transactionManager(org.axonframework.common.transaction.NoTransactionManager.INSTANCE)
                    .coordinatorExecutor(coordinator).workerExecutor(workers)
                    .initialSegmentCount(4).tokenClaimInterval(100)
                    .clock(Clock.systemUTC())
                    .build();
            processor.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> processor.processingStatus().size() == 4);

            processor.releaseSegment(3, SegmentBalancer.releaseMillis(processor, Duration.ofSeconds(2),
                    Clock.systemUTC(), GenericEventMessage.clock), TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> !processor.processingStatus().containsKey(3));
            await().atMost(Duration.ofSeconds(10)).until(() -> processor.processingStatus().containsKey(3));
            processor.shutDown();
        } finally {
            GenericEventMessage.clock = business;
            coordinator.shutdownNow();
            workers.shutdownNow();
            store.shutDown();
        }
    }
}
