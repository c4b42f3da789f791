package com.cspmarket.billing;

import com.cspmarket.kit.MovableClock;
import com.cspmarket.local.RepeatableTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Every instance of a service runs on the same business time: a move made through one instance (stored in
 * {@code business_clock}, as its {@code PUT /admin/clock} does) reaches the others within a second or so, and a
 * stored offset behind an instance's clock never moves it back. Here the other instance is the stored row.
 */
class BusinessClockIT extends ServiceIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovableClock clock;

    @RepeatableTest
    void followsAMoveMadeThroughAnotherInstanceAndNeverMovesBack() {
        Duration movedElsewhere = Duration.ofMillis(clock.offset().plus(Duration.ofDays(40)).toMillis()); // as stored
        store(movedElsewhere);
        await().atMost(Duration.ofSeconds(3)).until(() -> clock.offset().compareTo(movedElsewhere) >= 0);

        clock.moveTo(clock.instant().plus(Duration.ofDays(5))); // moved here, not stored: the stored offset is behind
        Duration movedHere = clock.offset();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> clock.offset().equals(movedHere));
    }

    /** As {@code BusinessClockStore.moveTo} stores a move: the larger offset wins. */
    void store(Duration offset) {
        jdbc.sql("""
                        INSERT INTO business_clock (id, offset_ms, moved_at) VALUES (1, :offset, now())
                        ON CONFLICT (id) DO UPDATE SET offset_ms = GREATEST(business_clock.offset_ms, EXCLUDED.offset_ms),
                                                       moved_at = EXCLUDED.moved_at""")
                .param("offset", offset.toMillis()).update();
    }
}
