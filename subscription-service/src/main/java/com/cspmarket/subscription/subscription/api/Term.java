package com.cspmarket.subscription.subscription.api;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Commitment length. Terms run in UTC calendar months: a term from 31 January ends on 28/29 February. */
public enum Term {
    P1M(Period.ofMonths(1)), P1Y(Period.ofYears(1));

    private final Period length;

    Term(Period length) {
        this.length = length;
    }

    public Instant endOfTermStartingAt(Instant start) {
        return endOfTerm(start, 1);
    }

    /**
     * The end of term {@code number} (1 = the first) of a subscription whose first term started at {@code anchor}.
     * Counted from the anchor, never from the previous end, so a monthly subscription activated on 31 January renews
     * on 28/29 February and then on 31 March: the anniversary day is kept.
     */
    public Instant endOfTerm(Instant anchor, int number) {
        ZonedDateTime start = anchor.atZone(ZoneOffset.UTC);
        return start.plus(length.multipliedBy(number)).toInstant();
    }
}
