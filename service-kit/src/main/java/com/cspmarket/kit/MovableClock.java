package com.cspmarket.kit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The business clock: UTC system time plus an offset that a demo or a test may move forward (never back), so
 * windows, renewals and release dates can be walked through. In production the offset stays zero.
 */
public final class MovableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public MovableClock(Clock base) {
        this.base = base;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("business time is UTC");
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    /** How far business time is ahead of system time. */
    public Duration offset() {
        return offset.get();
    }

    /**
     * Takes up an offset stored before a restart or by another instance ({@link BusinessClockStore}) if it is larger
     * than this clock's; never moves back.
     */
    public void restore(Duration saved) {
        offset.accumulateAndGet(saved, (current, restored) -> restored.compareTo(current) > 0 ? restored : current);
    }

    /**
     * Moves business time to {@code target}; a target in the past is refused (time never runs backwards). Checked and
     * set in one step against the offset of that moment, so that a move made meanwhile through another instance and
     * taken up here ({@link #restore}) is neither added to this one nor undone by it.
     */
    public Instant moveTo(Instant target) {
        offset.updateAndGet(current -> {
            Instant system = base.instant();
            Instant now = system.plus(current);
            if (target.isBefore(now)) {
                throw new IllegalArgumentException("business time cannot move back from " + now + " to " + target);
            }
            return Duration.between(system, target);
        });
        return instant();
    }
}
