package com.cspmarket.kit;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A projection's writes held until its transaction commits, then sent as JDBC batches: a tracking processor handles
 * up to a batch of events (100 live, as many as a replay reads) in one transaction, and a statement per event and
 * round trip is what made replays and bulk loads slow. Statements keep their order where it matters: a statement
 * joins an earlier batch of the same SQL only if no statement in between touches one of its tables, so every
 * statement on a table still runs after the ones queued before it on that table. Nothing is held outside a
 * transaction (the statement runs at once), and a read of the projection's tables in the same transaction must
 * {@link #flush()} first ({@link #now} does).
 * <p>
 * A projection that is read in the transaction that writes it (a subscribing one, whose command's request answers
 * with the view) flushes in its read methods. The update counts of held statements are not known
 * to the handler; write statements that need none (upserts, {@code ON CONFLICT DO NOTHING}, updates by key).
 * <p>
 * Give a parameter that can be null its SQL type ({@code addValue(name, value, Types.VARCHAR)}): without one, Spring
 * asks the driver for the statement's parameter metadata for every null it binds. What made the batches fast is the
 * pooled connection, whose server-side prepared statement is kept, and PgJDBC's {@code reWriteBatchedInserts}.
 */
public final class BatchedWrites {

    private record Batch(String sql, Set<String> tables, List<Object> params) {
    }

    /** Parameters taken when the statement is sent ({@link #queueLatest}). */
    private record Latest(Supplier<SqlParameterSource> params) {
    }

    private record LatestKey(String sql, Object key) {
    }

    /** Statements held per transaction before they are sent anyway. */
    static final int FLUSH_AT = 1_000;

    private final NamedParameterJdbcTemplate jdbc;

    public BatchedWrites(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    /**
     * Queues {@code sql} (named parameters) until the transaction commits. {@code tables} are every table the
     * statement reads or writes.
     */
    public void queue(Set<String> tables, String sql, SqlParameterSource source) {
        Pending pending = pending();
        if (pending == null) {
            jdbc.update(sql, source);
            return;
        }
        pending.add(tables, sql, source);
        if (++pending.queued >= FLUSH_AT) { // a long transaction (a rebuild in one) does not hold everything in memory
            flush();
            pending.caches.clear();
        }
    }

    /**
     * Queues {@code sql} for the row {@code key} once per transaction, with the parameters {@code params} gives when
     * it is sent: queued again for the same key before then, nothing more is queued, and the statement runs where it
     * was first queued with the row's latest state. For a projection that changes a row several times in one batch of
     * events (a purchase and its activation) and writes the whole row each time, last write wins: one write per row
     * and batch instead of one per event. Only for a statement that sets every column the row holds from
     * {@code params} (an upsert of the whole row) and when no other statement on that row is queued after it in the
     * same transaction. Outside a transaction it runs at once.
     */
    public void queueLatest(Set<String> tables, String sql, Object key, Supplier<SqlParameterSource> params) {
        Pending pending = pending();
        if (pending == null) {
            jdbc.update(sql, params.get());
            return;
        }
        if (!pending.latest.add(new LatestKey(sql, key))) {
            return;
        }
        pending.add(tables, sql, new Latest(params));
        if (++pending.queued >= FLUSH_AT) {
            flush();
            pending.caches.clear();
        }
    }

    /** Runs {@code sql} at once, after everything queued in this transaction; returns the update count. */
    public int now(String sql, SqlParameterSource params) {
        flush();
        return jdbc.update(sql, params);
    }

    /** Sends every statement queued in this transaction, in order. */
    public void flush() {
        Pending pending = current();
        if (pending == null) {
            return;
        }
        for (Batch batch : pending.batches) {
            SqlParameterSource[] params = batch.params().stream()
                    .map(p -> p instanceof Latest latest ? latest.params().get() : (SqlParameterSource) p)
                    .toArray(SqlParameterSource[]::new);
            if (params.length == 1) {
                jdbc.update(batch.sql(), params[0]);
            } else {
                jdbc.batchUpdate(batch.sql(), params);
            }
        }
        pending.batches.clear();
        pending.latest.clear();
        pending.queued = 0;
    }

    /**
     * A map that lives as long as this transaction (a fresh empty one outside a transaction): rows a handler read or
     * wrote earlier in the same batch of events, so a projection that changes a row several times per batch reads
     * it once. It is gone with the transaction, committed or rolled back, so it never outlives what was written.
     */
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> cache(String name) {
        Pending pending = pending();
        return pending == null ? new HashMap<>() : (Map<K, V>) pending.caches.computeIfAbsent(name, n -> new HashMap<>());
    }

    /** Number of statements waiting in this transaction (for tests). */
    public int queued() {
        Pending pending = current();
        return pending == null ? 0 : pending.queued;
    }

    /** Number of batches waiting in this transaction (for tests). */
    int batches() {
        Pending pending = current();
        return pending == null ? 0 : pending.batches.size();
    }

    /**
     * This transaction's queue, kept in a synchronization of it (so a transaction suspended for another keeps its
     * own), or null outside a transaction.
     */
    private Pending current() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof Pending p && p.owner() == this) {
                return p;
            }
        }
        return null;
    }

    private Pending pending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        Pending pending = current();
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        return pending;
    }

    private final class Pending implements TransactionSynchronization {
        private final List<Batch> batches = new ArrayList<>();
        private final Set<LatestKey> latest = new HashSet<>();
        private final Map<String, Map<Object, Object>> caches = new HashMap<>();
        private int queued;

        /**
         * Appends to the last batch of the same SQL unless a batch after it touches one of {@code tables}: that
         * statement must still run first.
         */
        void add(Set<String> tables, String sql, Object source) {
            for (int i = batches.size() - 1; i >= 0; i--) {
                Batch batch = batches.get(i);
                if (batch.sql().equals(sql)) {
                    batch.params().add(source);
                    return;
                }
                if (batch.tables().stream().anyMatch(tables::contains)) {
                    break;
                }
            }
            List<Object> params = new ArrayList<>();
            params.add(source);
            batches.add(new Batch(sql, Set.copyOf(tables), params));
        }

        BatchedWrites owner() {
            return BatchedWrites.this;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            BatchedWrites.this.flush(); // not TransactionSynchronization.flush(), a no-op by default
        }
    }
}
