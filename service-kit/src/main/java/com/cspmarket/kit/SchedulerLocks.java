package com.cspmarket.kit;

import net.javacrumbs.shedlock.core.LockExtender;

import java.time.Duration;

/**
 * Keeps the lock of a running {@code @SchedulerLock} tick ({@link KitScheduling}) while it works through many items:
 * the tick calls {@link #extend} before each one, so the lock is held for one item's work at a time, however many
 * there are (a clock moved months ahead leaves thousands of term ends and monthly cycles to catch up), and still
 * expires {@code platform.scheduling.lock-at-most-for} after the instance holding it died. An instance that finds its
 * lock expired and taken (it stood still longer than that) gets an exception here and ends the tick, rather than work
 * on beside the new holder.
 */
public final class SchedulerLocks {

    private final Duration atMostFor;

    SchedulerLocks(Duration atMostFor) {
        this.atMostFor = atMostFor;
    }

    /**
     * Holds the running tick's lock for another {@code lock-at-most-for}, counted from now (database time).
     *
     * @throws LockExtender.LockExtensionException when the lock has expired, or when no locked tick runs on this thread
     */
    public void extend() {
        LockExtender.extendActiveLock(atMostFor, Duration.ZERO);
    }
}
