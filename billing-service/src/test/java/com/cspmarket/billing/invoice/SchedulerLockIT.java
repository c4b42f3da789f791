package com.cspmarket.billing.invoice;

import com.cspmarket.billing.ServiceIT;
import com.cspmarket.events.Topics;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.kit.InstanceId;
import com.cspmarket.kit.MovableClock;
import com.cspmarket.local.RepeatableTest;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.local.TopicWriter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Several instances of billing share its database; the period close runs on the one that holds its lock. Here the
 * other instance is a row in {@code shedlock}, written the way ShedLock writes it (UTC database time).
 */
class SchedulerLockIT extends ServiceIT {

    private static final String LOCK = "billing.period-close";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovableClock clock;

    @Autowired
    InstanceId instance;

    @RepeatableTest
    void aDuePeriodWaitsWhileAnotherInstanceHoldsTheCloseAndIsClosedHereOnceItIsReleased() {
        // before the charge exists: a tick already running here read its periods without it, and loses the lock at
        // its next step (SchedulerLocks.extend)
        holdByAnotherInstance();
        try {
            String partner = "partner-" + UUID.randomUUID().toString().substring(0, 8);
            Instant now = midNextMonth(clock);
            YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
            SubscriptionPurchased purchase = InvoicingIT.purchase(partner, "USD", "24.95", 2, "P1M", now);
            try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
                kafka.send(Topics.SUBSCRIPTIONS, purchase.subscriptionId(), InvoicingIT.envelope(purchase));
                kafka.send(Topics.SUBSCRIPTIONS, purchase.subscriptionId(), InvoicingIT.activation(purchase));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> uninvoicedLines(partner) == 1);

            clock.moveTo(month.plusMonths(1).atDay(1).atTime(6, 0).toInstant(ZoneOffset.UTC)); // the month is due
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                    invoices(partner) == 0 && uninvoicedLines(partner) == 1);

            release();
            await().atMost(Duration.ofSeconds(10)).until(() -> invoices(partner) == 1 && uninvoicedLines(partner) == 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> instance.value().equals(jdbc.sql(
                    "SELECT locked_by FROM shedlock WHERE name = :name").param("name", LOCK).query(String.class).single()));
        } finally {
            release(); // the other tests of this context need the closer
        }
    }

    /** As a running instance holds it: for an hour from now, by the database's clock in UTC (ShedLock's usingDbTime). */
    void holdByAnotherInstance() {
        jdbc.sql("""
                        INSERT INTO shedlock (name, lock_until, locked_at, locked_by)
                        VALUES (:name, timezone('utc', now()) + interval '1 hour', timezone('utc', now()), 'other-instance')
                        ON CONFLICT (name) DO UPDATE SET lock_until = EXCLUDED.lock_until, locked_at = EXCLUDED.locked_at,
                                                         locked_by = EXCLUDED.locked_by""")
                .param("name", LOCK).update();
    }

    /** What an operator does to free a lock held by an instance that is gone: its time is up now. */
    void release() {
        jdbc.sql("UPDATE shedlock SET lock_until = timezone('utc', now()) WHERE name = :name AND locked_by = 'other-instance'")
                .param("name", LOCK).update();
    }

    int invoices(String partner) {
        return jdbc.sql("SELECT count(*) FROM invoice WHERE partner_id = :p").param("p", partner).query(Integer.class).single();
    }

    int uninvoicedLines(String partner) {
        return jdbc.sql("SELECT count(*) FROM charge_line_on_invoice WHERE partner_id = :p AND invoice_id IS NULL")
                .param("p", partner).query(Integer.class).single();
    }
}
