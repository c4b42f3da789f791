package com.cspmarket.kit;

import com.cspmarket.events.IsoInstants;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Axon's JDBC storage engine, with the event store's tailing reads (its producer's, {@code mayBlock}) ending in the
 * transaction that found the events. Axon's stream of tracked events goes on fetching until a fetch comes back empty,
 * since a fetch reads a window of global indexes ({@code index < global_index <= index + batch size}) and a window
 * with fewer rows than the batch size may still have rows after it; so every read that found events was followed by a
 * second transaction that found none, with a gap check ({@code SELECT min(global_index) ...}) in it. Here the fetch
 * asks, in its own transaction, whether the store holds any row past the window (and past the last row read), one
 * look-up in the primary key's index; if not, the read is complete.
 * <p>
 * A row the read could not see (committed after the statement that would have seen it began) ends its transaction
 * later, and its commit wakes the store again ({@link WakeableEventStore}): it comes with the next read, as it would
 * with Axon's second fetch. Other reads (a processor's private stream, a replay) are Axon's.
 * <p>
 * Axon's stored event parses its time stamp with {@code java.time}'s formatter each time it is asked for it: twice
 * for every event a processor reads, once the store's read computes its token and once its message is made, and
 * once for every event an aggregate is loaded from; about a quarter of a rebuild's reading thread. Events read here
 * are parsed once, the usual text without the formatter ({@code IsoInstants}), and the token is made with that
 * instant (with the gap settings of {@link #configuredBuilder()}).
 * <p>
 * The services take no snapshots (their aggregates have a handful of events each), so an aggregate's load does not
 * look for one unless {@code readSnapshots}: Axon's engine queries the snapshot table before every load, one round trip
 * of three per command that finds nothing. A snapshot is only a shortcut: the events stay, and an aggregate loaded
 * from them alone is the same.
 */
class TailReadingEventStorageEngine extends JdbcEventStorageEngine {

    private final TransactionManager transactions;
    private final boolean oneTransaction;
    private final boolean readSnapshots;

    TailReadingEventStorageEngine(Builder builder, TransactionManager transactions, boolean oneTransaction,
                                  boolean readSnapshots) {
        super(builder);
        this.transactions = transactions;
        this.oneTransaction = oneTransaction;
        this.readSnapshots = readSnapshots;
    }

    /**
     * An aggregate's load ends with a window of its events shorter than the batch size, as Axon's batching engine
     * does. Axon's JDBC engine instead reads on until a window comes back empty, against gaps in an aggregate's
     * sequence numbers; but the store's appends number an aggregate's events without gaps (and its unique key turns a
     * concurrent append into a conflict), and nothing deletes events. So every load of an aggregate shorter than a
     * batch, nearly all of them, was one read that found its events and a second one that found nothing.
     */
    @Override
    protected boolean fetchForAggregateUntilEmpty() {
        return false;
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return readSnapshots ? super.readSnapshotData(aggregateIdentifier) : Stream.empty();
    }

    /**
     * The gap settings of {@link #configuredBuilder()}, Axon's defaults set explicitly: {@link #getTrackedEventData} makes the
     * token with them as Axon's engine does with its own.
     */
    static final long LOWEST_GLOBAL_SEQUENCE = 1;
    static final int MAX_GAP_OFFSET = 10_000;
    static final int GAP_TIMEOUT_MS = 60_000;

    /** Axon's builder with the gap settings above; change no gap setting of it. */
    static Builder configuredBuilder() {
        return JdbcEventStorageEngine.builder().lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE).maxGapOffset(MAX_GAP_OFFSET)
                .gapTimeout(GAP_TIMEOUT_MS);
    }

    /**
     * A stored event and its token, as Axon's engine makes them, but with the time stamp parsed once: Axon's parses it
     * here with the formatter to decide whether the gaps before the event may still fill (an event older than the gap
     * timeout leaves none behind it), and again whenever the message is asked for it.
     */
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        EventSchema schema = schema();
        long index = resultSet.getLong(schema.globalIndexColumn());
        String aggregate = resultSet.getString(schema.aggregateIdentifierColumn());
        String id = resultSet.getString(schema.eventIdentifierColumn());
        Object stored = readTimeStamp(resultSet, schema.timestampColumn());
        DomainEventData<?> event = new GenericDomainEventEntry<>(resultSet.getString(schema.typeColumn()),
                id.equals(aggregate) ? null : aggregate, resultSet.getLong(schema.sequenceNumberColumn()), id, stored,
                resultSet.getString(schema.payloadTypeColumn()), resultSet.getString(schema.payloadRevisionColumn()),
                readPayload(resultSet, schema.payloadColumn()), readPayload(resultSet, schema.metaDataColumn()));
        Instant timestamp = parse(stored.toString());
        boolean gapsMayFill = timestamp.isAfter(GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT_MS));
        GapAwareTrackingToken token = previousToken != null
                ? previousToken.advanceTo(index, gapsMayFill ? MAX_GAP_OFFSET : 0)
                : GapAwareTrackingToken.newInstance(index, gapsMayFill
                        ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, index), index).boxed().toList()
                        : Collections.emptySortedSet());
        return new TrackedDomainEventData<>(token, new Stamped<>(event, timestamp));
    }

    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        return new Stamped<>(super.getDomainEventData(resultSet), timestamp(resultSet));
    }

    private Instant timestamp(ResultSet resultSet) throws SQLException {
        return parse(readTimeStamp(resultSet, schema().timestampColumn()).toString());
    }

    private static Instant parse(String text) {
        Instant parsed = IsoInstants.parse(text);
        return parsed != null ? parsed : DateTimeUtils.parseInstant(text);
    }

    /** A stored event, its time stamp read once. */
    private record Stamped<T>(DomainEventData<T> event, Instant timestamp) implements DomainEventData<T> {

        @Override
        public String getType() {
            return event.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return event.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return event.getSequenceNumber();
        }

        @Override
        public String getEventIdentifier() {
            return event.getEventIdentifier();
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public SerializedObject<T> getMetaData() {
            return event.getMetaData();
        }

        @Override
        public SerializedObject<T> getPayload() {
            return event.getPayload();
        }
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        if (!mayBlock || !oneTransaction) {
            return super.readEventData(trackingToken, mayBlock);
        }
        return StreamSupport.stream(new Spliterators.AbstractSpliterator<TrackedEventData<?>>(
                Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
            private Iterator<? extends TrackedEventData<?>> batch = Collections.emptyIterator();
            private TrackingToken last = trackingToken;
            private boolean complete;

            @Override
            public boolean tryAdvance(Consumer<? super TrackedEventData<?>> action) {
                if (!batch.hasNext()) {
                    if (complete) {
                        return false;
                    }
                    Fetch fetch = transactions.fetchInTransaction(() -> fetch(last));
                    complete = fetch.complete();
                    batch = fetch.events().iterator();
                    if (!batch.hasNext()) {
                        return false;
                    }
                }
                TrackedEventData<?> next = batch.next();
                last = next.trackingToken();
                action.accept(next);
                return true;
            }
        }, false);
    }

    private record Fetch(List<? extends TrackedEventData<?>> events, boolean complete) {
    }

    /** One window of events and whether the store holds anything past it, in the caller's transaction. */
    private Fetch fetch(TrackingToken from) {
        List<? extends TrackedEventData<?>> events = fetchTrackedEvents(from, batchSize());
        if (events.isEmpty()) {
            return new Fetch(events, true); // Axon's gap check already looked past the window
        }
        long index = from == null ? -1 : ((GapAwareTrackingToken) from).getIndex();
        long read = ((GapAwareTrackingToken) events.get(events.size() - 1).trackingToken()).getIndex();
        long past = Math.max(index + batchSize(), read);
        boolean more = JdbcUtils.executeQuery(getConnection(), connection -> {
            // min(), as Axon's gap check: the index's first entry past the window. "SELECT 1 ... LIMIT 1" was taken
            // by PostgreSQL's generic plan for a sequential scan that read the whole table when nothing was there
            PreparedStatement statement = connection.prepareStatement("SELECT min(" + schema().globalIndexColumn()
                    + ") FROM " + schema().domainEventTable() + " WHERE " + schema().globalIndexColumn() + " > ?");
            statement.setLong(1, past);
            return statement;
        }, rs -> rs.next() && rs.getObject(1) != null,
                e -> new EventStoreException("Failed to look past global index " + past, e));
        return new Fetch(events, !more);
    }
}
