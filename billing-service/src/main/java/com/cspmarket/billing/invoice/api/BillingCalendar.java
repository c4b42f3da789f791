package com.cspmarket.billing.invoice.api;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Billing time is UTC. A billing period is a calendar month; it closes when the month has ended
 * (00:00 UTC on the 1st of the next month), and its invoice is released at 00:00 UTC on the 8th of the next month.
 */
public final class BillingCalendar {

    public static final int RELEASE_DAY_OF_MONTH = 8;

    private BillingCalendar() {
    }

    public static YearMonth periodOf(Instant instant) {
        return YearMonth.from(instant.atZone(ZoneOffset.UTC));
    }

    public static Instant closesAt(YearMonth period) {
        return period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public static Instant releasedAt(YearMonth period) {
        return period.plusMonths(1).atDay(RELEASE_DAY_OF_MONTH).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The latest period that has closed at {@code now}. */
    public static YearMonth lastClosedPeriod(Instant now) {
        return periodOf(now).minusMonths(1);
    }
}
