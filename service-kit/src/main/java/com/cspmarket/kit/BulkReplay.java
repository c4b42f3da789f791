package com.cspmarket.kit;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The rebuild of a streaming projection in bulk: one thread reads the event store once, in order, and hands every
 * event to the projection's handlers, thousands of events per transaction, instead of the processor's way (each of
 * its segments' threads reading the whole store and skipping the other segments' events, a transaction per batch
 * of 100). Handling every event in the store's order keeps any sequencing policy.
 * <p>
 * The processor is shut down in this instance and every segment's claim is taken (other instances let go of theirs,
 * {@code takeOverClaims}); in the same transaction the read model is cleared ({@code @ResetHandler}) and each segment's
 * token becomes a replay token, as the processor's own reset does. Each transaction then handles up to
 * {@link #CHUNK} events (or {@link #CHUNK_TIME}) and stores the position reached in every segment's token, which also
 * renews the claims: another instance sees the segments held. When the store is read to its end the claims are
 * released and the processor started again: it goes on from the stored tokens with whatever was recorded since.
 * <p>
 * If a handler fails, the chunk rolls back and the processor is started from the last stored tokens: it replays the
 * rest itself, with its own error handling (retry, stop). If this instance stops, its claims expire and any instance
 * goes on from the stored tokens. The events are handled as replayed events (their token a {@link ReplayToken} up to
 * the position the processor had reached), so {@code @DisallowReplay} handlers skip them as the processor would.
 */
final class BulkReplay {

    private static final Logger log = LoggerFactory.getLogger(BulkReplay.class);
    /** Events handled per transaction at most. */
    static final int CHUNK = 10_000;
    /** A transaction ends after this long even with fewer events, so the claims are renewed well within their timeout. */
    static final Duration CHUNK_TIME = Duration.ofSeconds(2);

    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final EventStorageEngine storage;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    BulkReplay(TokenStore tokens, TransactionManager transactions, EventStorageEngine storage) {
        this.tokens = tokens;
        this.transactions = transactions;
        this.storage = storage;
    }

    /** Whether this instance is rebuilding the processor in bulk now. */
    boolean running(String processor) {
        return running.contains(processor);
    }

    /**
     * Rebuilds {@code processor} in bulk: shuts it down in this instance, runs {@code claimAll} in the reset's
     * transaction (it must leave no segment claimed by another instance), resets the tokens and the read model, and
     * replays in a background thread, which starts the processor again at the end. Returns false, and touches
     * nothing, if a rebuild of the processor is under way in this instance. The check, the shut-down and the reset
     * happen under one lock, and so do the end of a rebuild and the processor's start: two rebuilds never run side by
     * side, and a rebuild never runs next to the processor in this instance.
     */
    boolean rebuild(StreamingEventProcessor processor, EventHandlerInvoker handlers, Runnable claimAll) {
        String name = processor.getName();
        Map<Integer, TrackingToken> atReset = new HashMap<>();
        synchronized (this) {
            if (running.contains(name)) {
                return false;
            }
            processor.shutDown();
            try {
                transactions.executeInTransaction(() -> {
                    claimAll.run();
                    for (int segment : tokens.fetchSegments(name)) {
                        atReset.put(segment, tokens.fetchToken(name, segment)); // claims it for this instance
                    }
                    handlers.performReset();
                    atReset.forEach((segment, token) ->
                            tokens.storeToken(ReplayToken.createReplayToken(token), name, segment));
                });
            } catch (RuntimeException e) {
                processor.start();
                throw e;
            }
            running.add(name);
        }
        Thread worker = new Thread(() -> replay(processor, handlers, atReset), "bulk-replay-" + name);
        worker.setDaemon(true);
        worker.start();
        return true;
    }

    /** Stops every bulk rebuild after its current transaction (the service is stopping). */
    void stop() {
        stopping = true;
    }

    private void replay(StreamingEventProcessor processor, EventHandlerInvoker handlers,
                        Map<Integer, TrackingToken> atReset) {
        String name = processor.getName();
        long handled = 0;
        long started = System.nanoTime();
        try {
            // a segment still replaying from an earlier rebuild has a ReplayToken, the others a plain one
            TrackingToken upperReset = atReset.values().stream().filter(t -> t != null)
                    .map(WrappedToken::unwrapUpperBound).reduce(TrackingToken::upperBound).orElse(null);
            TrackingToken replaying = upperReset == null ? null : ReplayToken.createReplayToken(upperReset);
            TrackingToken[] position = {null};
            while (!stopping) {
                int count = transactions.fetchInTransaction(() -> chunk(name, handlers, atReset, replaying, position));
                handled += count;
                if (count == 0) {
                    break;
                }
            }
            log.info("{}: {} events replayed in bulk in {} ms{}", name, handled, (System.nanoTime() - started) / 1_000_000,
                    stopping ? " (stopped: the service is stopping)" : "");
            if (!stopping) {
                transactions.executeInTransaction(() -> {
                    for (int segment : atReset.keySet()) {
                        tokens.releaseClaim(name, segment);
                    }
                });
            }
        } catch (RuntimeException e) {
            log.error("{}: the bulk rebuild failed after {} events; the processor goes on from its stored tokens", name,
                    handled, e);
        } finally {
            synchronized (this) {
                running.remove(name);
                if (!stopping) {
                    processor.start();
                }
            }
        }
    }

    /** One transaction: up to {@link #CHUNK} events after {@code position[0]}; returns how many were read. */
    private int chunk(String name, EventHandlerInvoker handlers, Map<Integer, TrackingToken> atReset,
                      TrackingToken replaying, TrackingToken[] position) {
        long until = System.nanoTime() + CHUNK_TIME.toNanos();
        int count = 0;
        TrackingToken reached = position[0];
        try (Stream<? extends TrackedEventMessage<?>> stored = storage.readEvents(reached, false)) {
            Iterator<? extends TrackedEventMessage<?>> events = stored.iterator();
            while (count < CHUNK && System.nanoTime() < until && events.hasNext()) {
                TrackedEventMessage<?> event = events.next();
                reached = event.trackingToken();
                TrackedEventMessage<?> delivered = replaying instanceof ReplayToken r
                        ? event.withTrackingToken(r.advancedTo(reached)) : event;
                try {
                    if (handlers.canHandle(delivered, Segment.ROOT_SEGMENT)) {
                        handlers.handle(delivered, Segment.ROOT_SEGMENT);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("replaying " + event.getIdentifier() + " into " + name + " failed", e);
                }
                count++;
            }
        }
        if (count > 0) {
            TrackingToken now = reached;
            atReset.forEach((segment, token) -> tokens.storeToken(
                    ReplayToken.createReplayToken(token) instanceof ReplayToken r ? r.advancedTo(now) : now, name, segment));
            position[0] = reached;
        }
        return count;
    }
}
