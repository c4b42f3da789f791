package com.cspmarket.kit;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Listens on PostgreSQL channel {@code domain_events} (notified by a trigger when a transaction that appended events
 * commits, db/kit/V2_4, naming the writing instance, V2_6) and wakes the event store, so that processors fetch events
 * written by another instance of the service within milliseconds instead of at the next poll. Its own commits it
 * passes over: the event store wakes itself after those. It holds one connection of its own, outside the pool (a
 * listening connection must stay open and idle); when the connection breaks (PostgreSQL restarted) it reconnects,
 * waiting up to 5 s between attempts, and wakes the store once connected, for what was committed meanwhile. While
 * it is down the store's poll ({@code platform.events.fetch-delay}) still brings every event, later. It wakes the
 * store at most once per {@code platform.events.wake-interval} (50 ms), so that a busy service fetches in batches.
 */
public class EventStoreNotifications implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventStoreNotifications.class);
    static final String CHANNEL = "domain_events";

    private final WakeableEventStore store;
    private final String url;
    private final String username;
    private final String password;
    private final Duration wakeInterval;
    private final String self;
    private final boolean enabled;
    private final AtomicLong notifications = new AtomicLong();
    private volatile boolean running;
    private volatile Thread listener;
    private volatile Connection connection;

    EventStoreNotifications(WakeableEventStore store, String url, String username, String password,
                            Duration wakeInterval, String self, boolean enabled) {
        this.store = store;
        this.enabled = enabled;
        this.self = ApplicationName.of(self);
        this.wakeInterval = wakeInterval;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    @Override
    public void start() {
        if (!enabled) {
            return; // platform.events.notify=false: the store's poll alone brings the events
        }
        running = true;
        Thread thread = new Thread(this::listen, "event-store-notifications");
        thread.setDaemon(true);
        listener = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        closeQuietly(connection);
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Notifications received so far (several commits may arrive as one). */
    public long notifications() {
        return notifications.get();
    }

    private void listen() {
        Duration backOff = Duration.ofMillis(100);
        while (running) {
            try (Connection c = DriverManager.getConnection(url, username, password)) {
                connection = c;
                try (Statement listen = c.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                backOff = Duration.ofMillis(100);
                store.wake(); // whatever was committed while nobody listened
                long lastWake = System.nanoTime();
                while (running) {
                    PGNotification[] received = pg.getNotifications((int) TimeUnit.SECONDS.toMillis(1));
                    if (received != null && java.util.Arrays.stream(received)
                            .anyMatch(n -> !self.equals(n.getParameter()))) {
                        notifications.addAndGet(received.length);
                        // at most one wake per interval: under load, commits come every few milliseconds, and a
                        // fetch per commit would split the processors' work into batches of one (each batch a
                        // token update per segment); what commits meanwhile is fetched by the next wake
                        long early = lastWake + wakeInterval.toNanos() - System.nanoTime();
                        if (early > 0) {
                            LockSupport.parkNanos(early);
                        }
                        store.wake();
                        lastWake = System.nanoTime();
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                log.warn("listening for event-store commits failed ({}); events written by other instances arrive at "
                        + "the next poll until it listens again, in {}", e.getMessage(), backOff);
                LockSupport.parkNanos(backOff.toNanos());
                backOff = backOff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                        : backOff.multipliedBy(2);
            } finally {
                connection = null;
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing only to end the listening loop
            }
        }
    }
}
