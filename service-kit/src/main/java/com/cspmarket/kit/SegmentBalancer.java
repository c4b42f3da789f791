package com.cspmarket.kit;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Duration;
import java.util.Comparator;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Shares the segments of the service's streaming processors among its live instances. Axon lets any instance with a
 * free thread claim any unclaimed segment, so the first instance to start takes every segment and the others idle:
 * correct, but no scale-out. Every few seconds each instance says it is alive ({@code platform_instance}) and, where it
 * holds more than its fair share of a processor's segments (the segments divided by the live instances, rounded up),
 * lets one go for a while, for an instance below its share to claim. It only ever releases: processors are started and
 * stopped by their owners, never here. An instance that dies stops renewing; its claims lapse after the claim timeout
 * and the others, their share now larger, take its segments up.
 * <p>Not a single-active task: every instance balances itself.
 */
public class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    /** An instance not seen for this long is gone. */
    static final Duration LIVE_WITHIN = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final EventProcessingConfiguration processing;
    private final org.axonframework.eventhandling.tokenstore.TokenStore tokens;
    private final String instance;
    private final Duration releaseFor;

    SegmentBalancer(JdbcClient jdbc, EventProcessingConfiguration processing,
                    org.axonframework.eventhandling.tokenstore.TokenStore tokens, String instance, Duration releaseFor) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.tokens = tokens;
        this.instance = instance;
        this.releaseFor = releaseFor;
    }

    @Scheduled(fixedDelayString = "${platform.processing.balance-interval:PT2S}", initialDelayString = "PT1S")
    public void balance() {
        int live = heartbeat();
        processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                .filter(StreamingEventProcessor::isRunning)
                .forEach(processor -> {
                    int segments = tokens.fetchSegments(processor.getName()).length;
                    toRelease(processor.processingStatus().keySet(), segments, live).ifPresent(segment -> {
                        log.info("{}: holding {} of {} segments with {} instances alive: releasing segment {} for {}",
                                processor.getName(), processor.processingStatus().size(), segments, live, segment,
                                releaseFor);
                        processor.releaseSegment(segment, releaseMillis(processor, releaseFor,
                                java.time.Clock.systemUTC(), org.axonframework.eventhandling.GenericEventMessage.clock),
                                java.util.concurrent.TimeUnit.MILLISECONDS);
                    });
                });
    }

    /**
     * The segment to let go of, if this instance holds more than its share ({@code segments / live}, rounded up): the
     * highest, one per round, so that a share is reached step by step while the others claim.
     */
    static OptionalInt toRelease(Set<Integer> held, int segments, int live) {
        int fairShare = (segments + Math.max(live, 1) - 1) / Math.max(live, 1);
        if (held.size() <= fairShare) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(held.stream().max(Comparator.naturalOrder()).orElseThrow());
    }

    /**
     * The duration to ask of {@code releaseSegment} for a release of {@code releaseFor} by the system clock. Axon's
     * pooled processor dates the release by {@code GenericEventMessage.clock} (here the business clock, which tests
     * and demos move by months) and checks it by its own clock (the system's, as the kit configures it): a business
     * clock months ahead would block the segment for months. So it is given the difference as well.
     */
    static long releaseMillis(StreamingEventProcessor processor, Duration releaseFor, java.time.Clock system,
                              java.time.Clock axonsReleaseClock) {
        long millis = releaseFor.toMillis();
        return processor instanceof org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor
                ? millis + system.millis() - axonsReleaseClock.millis()
                : millis;
    }

    /** Renews this instance's row and answers how many instances are alive (this one included). */
    int heartbeat() {
        jdbc.sql("""
                        INSERT INTO platform_instance (instance_id, seen_at) VALUES (:me, now())
                        ON CONFLICT (instance_id) DO UPDATE SET seen_at = now()""")
                .param("me", instance).update();
        jdbc.sql("DELETE FROM platform_instance WHERE seen_at < now() - interval '1 day'").update();
        return jdbc.sql("SELECT count(*) FROM platform_instance WHERE seen_at > now() - make_interval(secs => :within)")
                .param("within", LIVE_WITHIN.toSeconds()).query(Integer.class).single();
    }
}
