package com.cspmarket.subscription.subscription.policy;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How long after purchase a subscription may be cancelled with a full refund: policy data, not code. A version
 * names the policy in force; each rule matches a term and optionally an offer and a market (the customer's billing
 * country); the most specific matching rule wins. The window of a subscription is fixed at purchase, with the
 * version that set it, so a later policy change never alters what a customer was promised.
 */
@ConfigurationProperties("subscription.cancellation-policy")
public record CancellationPolicy(String version, List<Rule> rules) {

    public record Rule(String term, String offerId, String market, Duration window) {
        public Rule {
            Objects.requireNonNull(term, "term");
            Objects.requireNonNull(window, "window");
            if (window.isNegative()) {
                throw new IllegalArgumentException("a cancellation window cannot be negative");
            }
        }

        boolean matches(String term, String offerId, String market) {
            return this.term.equals(term) && (this.offerId == null || this.offerId.equals(offerId))
                    && (this.market == null || this.market.equals(market));
        }

        int specificity() {
            return (offerId == null ? 0 : 2) + (market == null ? 0 : 1);
        }
    }

    /** The window as decided on purchase. */
    public record Window(Duration length, String policyVersion) {
    }

    public CancellationPolicy {
        Objects.requireNonNull(version, "subscription.cancellation-policy.version");
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** @return the window for this purchase; none when no rule covers the term (then it cannot be cancelled early) */
    public Optional<Window> windowFor(String term, String offerId, String market) {
        return rules.stream()
                .filter(r -> r.matches(term, offerId, market))
                .max(Comparator.comparingInt(Rule::specificity))
                .map(r -> new Window(r.window(), version));
    }
}
