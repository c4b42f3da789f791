package com.cspmarket.kit;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MovableClockTest {

    @Test
    void movesForwardAndKeepsRunning() {
        MovableClock clock = new MovableClock(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        assertThat(clock.moveTo(Instant.parse("2026-12-08T00:00:00Z"))).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void neverMovesBack() {
        MovableClock clock = new MovableClock(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        assertThatThrownBy(() -> clock.moveTo(Instant.parse("2026-11-24T09:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    }

    /** What a service does every second to follow a move made through another instance (BusinessClockStore). */
    @Test
    void takesUpOnlyALargerOffsetAndMovesOnFromThere() {
        MovableClock clock = new MovableClock(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        clock.moveTo(Instant.parse("2026-12-01T10:00:00Z"));
        clock.restore(Duration.ofDays(3)); // behind this clock: kept as it is
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        clock.restore(Duration.ofDays(30)); // another instance moved to Christmas Eve
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-24T10:00:00Z"));
        assertThatThrownBy(() -> clock.moveTo(Instant.parse("2026-12-20T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.moveTo(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(clock.offset()).isEqualTo(Duration.between(Instant.parse("2026-11-24T10:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z")));
    }
}
