package com.cspmarket.kit;

import com.cspmarket.events.IsoInstants;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
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
 * answer with the time stamp read once, the usual text without the formatter ({@code IsoInstants}).
 */
class TailReadingEventStorageEngine extends JdbcEventStorageEngine {

    private final TransactionManager transactions;
    private final boolean oneTransaction;

    TailReadingEventStorageEngine(Builder builder, TransactionManager transactions, boolean oneTransaction) {
        super(builder);
        this.transactions = transactions;
        this.oneTransaction = oneTransaction;
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        TrackedEventData<?> read = super.getTrackedEventData(resultSet, previousToken);
        return read instanceof TrackedDomainEventData<?> tracked
                ? new TrackedDomainEventData<>(tracked.trackingToken(), new Stamped<>(tracked, timestamp(resultSet)))
                : read;
    }

    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        return new Stamped<>(super.getDomainEventData(resultSet), timestamp(resultSet));
    }

    private Instant timestamp(ResultSet resultSet) throws SQLException {
        String text = readTimeStamp(resultSet, schema().timestampColumn()).toString();
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
