package com.cspmarket.kit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The store read ahead by a thread of its own: every item in order, its failure thrown to the consumer, and closed early it stops. */
class ReadAheadTest {

    @Test
    void givesEveryItemInOrderThroughAQueueSmallerThanTheStream() {
        List<Integer> read = new ArrayList<>();
        try (ReadAhead<Integer> items = new ReadAhead<>(() -> IntStream.range(0, 10_000).boxed(), 16, "test-reader")) {
            items.forEachRemaining(read::add);
            assertThat(items.hasNext()).isFalse();
        }
        assertThat(read).containsExactlyElementsOf(IntStream.range(0, 10_000).boxed().toList());
    }

    @Test
    void aFailureOfTheReadIsThrownToTheConsumerAfterTheItemsBeforeIt() {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        List<Integer> read = new ArrayList<>();
        try (ReadAhead<Integer> items = new ReadAhead<>(() -> Stream.iterate(0, i -> i + 1)
                .peek(i -> {
                    if (i == 50) {
                        throw new IllegalStateException("the store went away");
                    }
                }).limit(100).onClose(() -> sourceClosed.set(true)), 8, "test-reader")) {
            assertThatThrownBy(() -> items.forEachRemaining(read::add))
                    .isInstanceOf(IllegalStateException.class).hasMessage("the store went away");
            assertThatThrownBy(items::hasNext).as("and again when asked again").hasMessage("the store went away");
        }
        assertThat(read).containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
        assertThat(sourceClosed).isTrue();
    }

    @Test
    void closedEarlyItStopsReadingAndClosesTheSourceBeforeItReturns() {
        AtomicInteger produced = new AtomicInteger();
        AtomicBoolean sourceClosed = new AtomicBoolean();
        ReadAhead<Integer> items = new ReadAhead<>(() -> Stream.generate(produced::incrementAndGet)
                .onClose(() -> sourceClosed.set(true)), 4, "read-ahead-closed-early");
        assertThat(items.next()).isEqualTo(1);
        // the queue of four is full, and the reader waits for room with the sixth item
        await().atMost(Duration.ofSeconds(10)).until(() -> produced.get() >= 6);

        items.close();

        assertThat(sourceClosed).as("closed by the reading thread").isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).as("which has ended")
                .noneMatch(t -> t.getName().equals("read-ahead-closed-early"));
        assertThat(produced.get()).as("it read nothing after the close").isEqualTo(6);
    }
}
