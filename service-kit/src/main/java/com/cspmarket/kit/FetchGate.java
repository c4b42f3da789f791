package com.cspmarket.kit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Decides when the event store's producer reads the store. Every commit of events wakes the store once it is committed
 * (an instance's own commits, and those of other instances through PostgreSQL's notification,
 * {@link EventStoreNotifications}), so a read is needed only when a wake came after the previous read began, or as the
 * fallback poll, when the previous read began at least {@code fallback} ago. Axon's producer reads again at once after
 * every read that found events; that read finds nothing unless something committed meanwhile.
 * <p>
 * And a read comes at the earliest {@code spacing} after the previous one began: under load, the commits of that
 * interval are fetched by one read (a transaction, and for an empty read Axon's gap check besides) instead of a read
 * per commit, and the processors get them as one batch. After a quiet spell (no read within {@code spacing}) a wake
 * reads at once.
 * <p>
 * Why nothing is lost: PostgreSQL shows a read every transaction committed before the read's statement began. A commit
 * that a read did not see ended after that read began, and its wake, which follows the commit, came after it too, so
 * the next read is not skipped. The wakes are counted just before a read, after any pause. Only the producer's thread
 * asks; any thread may {@link #woken()}.
 */
final class FetchGate {

    private final AtomicLong wakes = new AtomicLong();
    private final long fallbackNanos;
    private final long spacingNanos;
    private final LongSupplier nanoTime;
    private final LongConsumer pause;
    private final boolean enabled;
    private long wakesAtLastRead = -1;
    private long lastReadStart;

    /**
     * @param pause parks the asking thread for the given nanoseconds
     * @param enabled false: every question is answered with a read at once, as Axon's producer does
     */
    FetchGate(long fallbackNanos, long spacingNanos, LongSupplier nanoTime, LongConsumer pause, boolean enabled) {
        this.fallbackNanos = fallbackNanos;
        this.spacingNanos = spacingNanos;
        this.nanoTime = nanoTime;
        this.pause = pause;
        this.enabled = enabled;
    }

    /** Events were committed, by this instance or another. */
    void woken() {
        wakes.incrementAndGet();
    }

    /** Whether to read the store (after a pause if the previous read began less than the spacing ago). */
    boolean read() {
        long now = nanoTime.getAsLong();
        if (enabled && wakesAtLastRead >= 0) {
            if (wakes.get() == wakesAtLastRead && now - lastReadStart < fallbackNanos) {
                return false;
            }
            long early = lastReadStart + spacingNanos - now;
            if (early > 0) {
                pause.accept(early);
                now = nanoTime.getAsLong();
            }
        }
        wakesAtLastRead = wakes.get();
        lastReadStart = now;
        return true;
    }
}
