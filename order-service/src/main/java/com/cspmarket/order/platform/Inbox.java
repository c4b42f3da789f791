package com.cspmarket.order.platform;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Remembers which integration events this service has processed. Called inside the transaction that applies
 * the event, so "processed" and its effects commit together: a redelivered event is recognised and skipped.
 */
@Component
public class Inbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    Inbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @return true the first time this consumer sees the event id, false for a duplicate */
    public boolean firstDelivery(String consumer, UUID eventId) {
        return jdbc.sql("""
                        INSERT INTO inbox (consumer, event_id, processed_at) VALUES (:consumer, :id, :at)
                        ON CONFLICT DO NOTHING""")
                .param("consumer", consumer)
                .param("id", eventId)
                .param("at", OffsetDateTime.now(clock))
                .update() == 1;
    }
}
