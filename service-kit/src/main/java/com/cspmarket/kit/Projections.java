package com.cspmarket.kit;

import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The state of a service's streaming projections across every instance of the service, read from the token store
 * ({@code token_entry}) without claiming anything: each segment's position, owner and whether it replays. A
 * processor's status in one JVM only shows the segments that JVM holds; with several instances the other segments
 * are elsewhere, and the questions "has the projection caught up" and "is it being rebuilt" are about all of them.
 */
public class Projections {

    /**
     * One segment of a processor as the token store has it. {@code position} is the last event it handled (null before
     * the first); {@code claimed} whether an instance holds it now (owner set, claim renewed within the claim timeout).
     */
    public record SegmentState(int segment, String owner, boolean claimed, Long position, boolean replaying) {
    }

    private final JdbcClient jdbc;
    private final Serializer serializer;
    private final EventStore events;
    private final Duration claimTimeout;
    private final Clock systemClock;

    Projections(JdbcClient jdbc, Serializer serializer, EventStore events, Duration claimTimeout, Clock systemClock) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.events = events;
        this.claimTimeout = claimTimeout;
        this.systemClock = systemClock;
    }

    /** The processor's segments in the token store, in segment order (none before the processor first started). */
    public List<SegmentState> segments(String processor) {
        Instant liveSince = systemClock.instant().minus(claimTimeout);
        return jdbc.sql("""
                        SELECT segment, token, token_type, timestamp, owner FROM token_entry
                        WHERE processor_name = :name ORDER BY segment""")
                .param("name", processor)
                .query((rs, n) -> {
                    GenericTokenEntry<byte[]> entry = new GenericTokenEntry<>(rs.getBytes("token"),
                            rs.getString("token_type"), rs.getString("timestamp"), rs.getString("owner"), processor,
                            rs.getInt("segment"), byte[].class);
                    TrackingToken token = entry.getToken(serializer);
                    Long position = token == null || token.position().isEmpty() ? null : token.position().getAsLong();
                    return new SegmentState(entry.getSegment(), entry.getOwner(),
                            entry.getOwner() != null && claimedSince(entry.timestamp(), liveSince), position,
                            ReplayToken.isReplay(token));
                })
                .list();
    }

    /** The newest event's position in the store (null while it is empty). */
    public Long head() {
        TrackingToken head = events.createHeadToken();
        return head == null || head.position().isEmpty() ? null : head.position().getAsLong();
    }

    /**
     * Whether every segment of the processor has handled every event up to {@code head}. A segment that replays is
     * caught up once it reached the head too (the head is past the point it was reset at), so a projection being
     * rebuilt is not caught up until the replay is done.
     */
    public static boolean caughtUp(List<SegmentState> segments, Long head) {
        return !segments.isEmpty() && segments.stream()
                .allMatch(s -> head == null || (s.position() != null && s.position() >= head));
    }

    /**
     * Waits (up to {@code maxWait}) until every segment of the projection, wherever it is processed, has handled
     * everything committed before this call. A scheduler that decides from a read model asks this first: one that read
     * it in the middle of a replay would see half the past (charges whose invoice was not replayed yet look
     * uninvoiced) and record wrong facts for good; one that read it while another instance's segment lags would miss
     * that segment's recent events.
     */
    public boolean awaitCaughtUp(String processor, Duration maxWait) {
        Long head = head();
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!caughtUp(segments(processor), head)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }

    private static boolean claimedSince(Instant timestamp, Instant liveSince) {
        return timestamp != null && timestamp.isAfter(liveSince);
    }
}
