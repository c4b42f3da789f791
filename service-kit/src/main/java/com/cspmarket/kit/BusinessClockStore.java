package com.cspmarket.kit;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps a moved business clock across restarts and instances (demo and test only, {@code platform.clock.movable=true}):
 * every move stores the clock's offset from system time in the service's own database, and a starting service takes
 * it up before its processors, consumers and schedulers run. Without it a restarted service would fall back to real
 * time while the others stay months ahead. A running instance reads it again every second ({@link #follow}): a move
 * made through one instance of the service reaches the others, whichever of them runs the next locked tick
 * ({@link KitScheduling}).
 */
public class BusinessClockStore {

    private final JdbcTemplate jdbc;
    private final MovableClock clock;
    private final boolean movable;

    BusinessClockStore(JdbcTemplate jdbc, MovableClock clock, Environment environment) {
        this.jdbc = jdbc;
        this.clock = clock;
        // a property read at run time, not a bean condition, so that an ahead-of-time processed context honours it
        this.movable = OptionalEndpoints.enabled(environment, OptionalEndpoints.CLOCK);
        follow();
    }

    /** Moves the clock and stores its new offset (the larger one wins, so a store never moves time back). */
    public Instant moveTo(Instant target) {
        if (!movable) {
            throw new IllegalStateException("the business clock is not movable (platform.clock.movable)");
        }
        Instant now = clock.moveTo(target);
        jdbc.update("""
                INSERT INTO business_clock (id, offset_ms, moved_at) VALUES (1, ?, now())
                ON CONFLICT (id) DO UPDATE SET offset_ms = GREATEST(business_clock.offset_ms, EXCLUDED.offset_ms),
                                               moved_at = EXCLUDED.moved_at""", clock.offset().toMillis());
        return now;
    }

    /**
     * Takes up the stored offset if it is ahead of this clock (a move made through another instance); never moves the
     * clock back. Every instance runs this for itself: it is not a locked tick.
     */
    @Scheduled(fixedDelayString = "${platform.clock.follow-interval:PT1S}", initialDelayString = "${platform.clock.follow-interval:PT1S}")
    public void follow() {
        if (!movable) {
            return;
        }
        jdbc.query("SELECT offset_ms FROM business_clock", rs -> {
            clock.restore(Duration.ofMillis(rs.getLong(1)));
        });
    }
}
