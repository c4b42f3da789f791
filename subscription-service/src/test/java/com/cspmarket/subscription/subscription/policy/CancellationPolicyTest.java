package com.cspmarket.subscription.subscription.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CancellationPolicyTest {

    final CancellationPolicy policy = new CancellationPolicy("2026-02", List.of(
            new CancellationPolicy.Rule("P1M", null, null, Duration.ofHours(24)),
            new CancellationPolicy.Rule("P1Y", null, null, Duration.ofDays(14)),
            new CancellationPolicy.Rule("P1Y", null, "DE", Duration.ofDays(30)),
            new CancellationPolicy.Rule("P1Y", "contoso.crm", null, Duration.ofDays(7)),
            new CancellationPolicy.Rule("P1Y", "contoso.crm", "DE", Duration.ofDays(21))));

    @Test
    void theDefaultsAre24HoursMonthlyAnd14DaysAnnual() {
        assertThat(policy.windowFor("P1M", "any", "US")).contains(new CancellationPolicy.Window(Duration.ofHours(24), "2026-02"));
        assertThat(policy.windowFor("P1Y", "any", "US")).contains(new CancellationPolicy.Window(Duration.ofDays(14), "2026-02"));
    }

    @Test
    void theMostSpecificRuleWinsOfferBeforeMarket() {
        assertThat(policy.windowFor("P1Y", "any", "DE")).get().extracting(CancellationPolicy.Window::length).isEqualTo(Duration.ofDays(30));
        assertThat(policy.windowFor("P1Y", "contoso.crm", "US")).get().extracting(CancellationPolicy.Window::length).isEqualTo(Duration.ofDays(7));
        assertThat(policy.windowFor("P1Y", "contoso.crm", "DE")).get().extracting(CancellationPolicy.Window::length).isEqualTo(Duration.ofDays(21));
    }

    @Test
    void aTermNoRuleCoversHasNoWindow() {
        assertThat(new CancellationPolicy("v", List.of()).windowFor("P1M", "x", "US")).isEmpty();
    }
}
