package com.cspmarket.kit;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

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
}
