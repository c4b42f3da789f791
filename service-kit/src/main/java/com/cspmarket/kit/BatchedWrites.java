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
 * with the view) flushes in its read methods, or answers a row it holds in {@link #cache} (a row written in this
 * transaction is always held there). The update counts of held statements are not known
 * to the handler; write statements that need none (upserts, {@code ON CONFLICT DO NOTHING}, updates by key).
 * <p>
 * Give a parameter that can be null its SQL type ({@code addValue(name, value, Types.VARCHAR)}): without one, Spring
 * asks the driver for the statement's parameter metadata for every null it binds. What made the batches fast is the
 * pooled connection, whose server-side prepared statement is kept, and PgJDBC's {@code reWriteBatchedInserts}.
 */
public final class BatchedWrites {

    private record Batch(String sql, Set<String> tables, List<Object> params, Rows rows) {
    }

    /** A row's values taken when the statement is sent ({@link #queueLatestRow}). */
    private record LatestRow(Supplier<Object[]> values) {
    }

    /**
     * An {@code INSERT} of whole rows into {@code table} whose batch is sent as one statement with one text array per
     * column ({@code INSERT INTO t (a, b) SELECT CAST(r.a AS type), ... FROM unnest(?, ?) AS r(a, b) ...}), not as
     * a statement per row: PostgreSQL binds a few arrays instead of a parameter per value, and the driver sends them
     * without Spring's named parameters. {@code columns} are {@code "name type"} pairs in the table's terms
     * ({@code "subscription_id varchar"}, {@code "term_end timestamptz"}, {@code "source_event_ids text[]"});
     * {@code tail} follows the {@code SELECT} ({@code "ON CONFLICT (id) DO NOTHING"}, or {@code ""}). A row's values
     * are given in the columns' order as strings, numbers, booleans, instants or offset date-times (for
     * {@code timestamptz}), local dates, UUIDs, enums, string arrays or collections (for a text array), or null.
     * Within one statement no two rows may meet the same conflict target of an {@code ON CONFLICT DO UPDATE}
     * ({@link #queueLatestRow} keeps one row per key).
     */
    public static final class Rows {
        private final String table;
        private final List<String> columns;
        private final String sql;
        private final Set<String> tables;

        private Rows(String table, List<String> columns, String sql, Set<String> tables) {
            this.table = table;
            this.columns = columns;
            this.sql = sql;
            this.tables = tables;
        }

        public String table() {
            return table;
        }

        /** Every table the statement reads or writes: its own and those of {@link #alsoTouching}. */
        public Set<String> tables() {
            return tables;
        }

        /** These rows with {@code others} among the tables the statement touches (a trigger's, a check's). */
        public Rows alsoTouching(String... others) {
            Set<String> all = new HashSet<>(tables);
            all.addAll(List.of(others));
            return new Rows(table, columns, sql, Set.copyOf(all));
        }

        public List<String> columns() {
            return columns;
        }

        /** The statement sent for a batch of rows. */
        public String sql() {
            return sql;
        }

        public static Rows into(String table, String tail, String... columns) {
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (String column : columns) {
                String[] nameAndType = column.trim().split("\\s+", 2);
                if (nameAndType.length != 2) {
                    throw new IllegalArgumentException("not 'name type': " + column);
                }
                names.add(nameAndType[0]);
                types.add(nameAndType[1]);
            }
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                    .append(String.join(", ", names)).append(") SELECT ");
            for (int i = 0; i < names.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("CAST(r.").append(names.get(i)).append(" AS ")
                        .append(types.get(i)).append(')');
            }
            sql.append(" FROM unnest(");
            for (int i = 0; i < names.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("CAST(? AS text[])");
            }
            sql.append(") AS r(").append(String.join(", ", names)).append(") ").append(tail);
            return new Rows(table, List.copyOf(names), sql.toString(), Set.of(table));
        }
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
        pending.add(tables, sql, source, null);
        counted(pending);
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
        pending.add(tables, sql, new Latest(params), null);
        counted(pending);
    }

    /**
     * Queues a row for {@code rows} until the transaction commits; the rows queued together are sent as one
     * statement ({@link Rows}). Outside a transaction it runs at once.
     */
    public void queueRow(Rows rows, Object... values) {
        checkArity(rows, values);
        Pending pending = pending();
        if (pending == null) {
            send(rows, java.util.Collections.singletonList(values));
            return;
        }
        pending.add(rows.tables(), rows.sql(), values, rows);
        counted(pending);
    }

    /**
     * {@link #queueLatest} for a row of {@code rows}: queued once per transaction and {@code key}, its values taken
     * when the statement is sent.
     */
    public void queueLatestRow(Rows rows, Object key, Supplier<Object[]> values) {
        Pending pending = pending();
        if (pending == null) {
            send(rows, java.util.Collections.singletonList(values.get()));
            return;
        }
        if (!pending.latest.add(new LatestKey(rows.sql(), key))) {
            return;
        }
        pending.add(rows.tables(), rows.sql(), new LatestRow(values), rows);
        counted(pending);
    }

    /**
     * Counts a statement queued; at {@link #FLUSH_AT} sends everything (a long transaction, a rebuild in one, does not
     * hold everything in memory) and forgets the rows read meanwhile.
     */
    private void counted(Pending pending) {
        if (++pending.queued >= FLUSH_AT) {
            flush();
            pending.caches.clear();
        }
    }

    private static void checkArity(Rows rows, Object[] values) {
        if (values.length != rows.columns().size()) {
            throw new IllegalArgumentException(rows.table() + ": " + values.length + " values for "
                    + rows.columns().size() + " columns");
        }
    }

    /** One statement for the rows: a text array per column. */
    private void send(Rows rows, List<Object> queued) {
        int columns = rows.columns().size();
        String[][] arrays = new String[columns][queued.size()];
        for (int r = 0; r < queued.size(); r++) {
            Object row = queued.get(r);
            Object[] values = row instanceof LatestRow latest ? latest.values().get() : (Object[]) row;
            if (row instanceof LatestRow) { // a queued row's values were checked when it was queued
                checkArity(rows, values);
            }
            for (int c = 0; c < columns; c++) {
                arrays[c][r] = text(values[c]);
            }
        }
        jdbc.getJdbcOperations().update(rows.sql(), statement -> {
            for (int c = 0; c < columns; c++) {
                statement.setObject(c + 1, arrays[c]);
            }
        });
    }

    /** A value as PostgreSQL reads it back with the column's cast. */
    static String text(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        } else if (value instanceof java.math.BigDecimal decimal) {
            return decimal.toPlainString();
        } else if (value instanceof Number || value instanceof Boolean || value instanceof java.util.UUID
                || value instanceof java.time.LocalDate) {
            return value.toString();
        } else if (value instanceof java.time.Instant instant) {
            return com.cspmarket.events.IsoInstants.text(toMicros(instant));
        } else if (value instanceof java.time.OffsetDateTime dateTime) {
            return com.cspmarket.events.IsoInstants.text(toMicros(dateTime.toInstant()));
        } else if (value instanceof Enum<?> e) {
            return e.name();
        } else if (value instanceof String[] strings) {
            return arrayLiteral(java.util.Arrays.asList(strings));
        } else if (value instanceof java.util.Collection<?> collection) {
            return arrayLiteral(collection);
        }
        throw new IllegalArgumentException("no text for a column value of " + value.getClass());
    }

    /**
     * PostgreSQL keeps microseconds: rounded half up, as the driver rounds an instant it binds (PostgreSQL would round
     * half to even the nanoseconds of a text), so both ways of writing give the same time stamp.
     */
    private static java.time.Instant toMicros(java.time.Instant instant) {
        int below = instant.getNano() % 1_000;
        return below == 0 ? instant : instant.plusNanos(below >= 500 ? 1_000 - below : -below);
    }

    /** {@code {"a","b"}}: a text array's literal, every element quoted, {@code NULL} for null. */
    private static String arrayLiteral(java.util.Collection<?> elements) {
        StringBuilder literal = new StringBuilder("{");
        for (Object element : elements) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            if (element == null) {
                literal.append("NULL");
                continue;
            }
            literal.append('"');
            String text = text(element);
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (ch == '"' || ch == '\\') {
                    literal.append('\\');
                }
                literal.append(ch);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
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
            if (batch.rows() != null) {
                send(batch.rows(), batch.params());
                continue;
            }
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
        void add(Set<String> tables, String sql, Object source, Rows rows) {
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
            batches.add(new Batch(sql, Set.copyOf(tables), params, rows));
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
