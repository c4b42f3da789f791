package com.cspmarket.subscription.subscription.api;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/** Commitment length. Terms run in UTC calendar months: a term from 31 January ends on 28/29 February. */
public enum Term {
    P1M(Period.ofMonths(1)), P1Y(Period.ofYears(1));

    private final Period length;

    Term(Period length) {
        this.length = length;
    }

    public Instant endOfTermStartingAt(Instant start) {
        return start.atZone(ZoneOffset.UTC).plus(length).toInstant();
    }
}
