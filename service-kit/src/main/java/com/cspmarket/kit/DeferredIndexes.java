package com.cspmarket.kit;

import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Secondary indexes of a projection's read model that its bulk rebuild builds once, from the rebuilt tables, instead
 * of keeping them up to date row by row ({@link ProjectedTables#indexesBuiltAfterRebuild()}). PostgreSQL's manual
 * advises the same for bulk loads ("Populating a Database"): an index built from a whole table is one sort, where an
 * index kept up to date costs every row a descent of the tree (a GIN index, one entry per word or array element).
 * <p>
 * {@link #defer} runs in the rebuild's reset transaction, after the read model is cleared: each index's definition is
 * recorded in {@code deferred_index} with this instance's id, and the index dropped. {@link #restore} builds them
 * again, in one transaction, and forgets them: the rebuild calls it when it has replayed everything, before the
 * processor starts again. An index whose rebuild did not get there (its instance stopped) is built again by
 * {@link #restoreAbandoned}, which every instance runs now and then: indexes recorded by an instance that is no longer
 * alive ({@code platform_instance}), or by this instance when it is not rebuilding that projection.
 * <p>
 * Only indexes that no handler of the projection reads through belong here: while the rebuild runs, a query that would
 * use one reads the table without it. Unique indexes, primary keys and indexes behind constraints (which upserts and
 * foreign keys need) are refused, and so is an index of a table the projection does not declare.
 */
final class DeferredIndexes {

    private static final Logger log = LoggerFactory.getLogger(DeferredIndexes.class);
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String CREATE = "CREATE INDEX ";

    /** What a projection declares: the tables it writes, and the indexes of them built after a rebuild. */
    record Declared(List<String> tables, List<String> indexes) {
        Declared {
            tables = List.copyOf(tables);
            indexes = List.copyOf(indexes);
            indexes.stream().filter(i -> !NAME.matcher(i).matches()).findAny().ifPresent(i -> {
                throw new IllegalArgumentException("not an index name: " + i);
            });
        }
    }

    private record Index(String definition, String table, boolean constrained, boolean recorded) {
    }

    private record Deferred(String name, String definition) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate statements;
    private final TransactionManager transactions;
    private final String instance;
    private final Map<String, Declared> declared;

    DeferredIndexes(DataSource dataSource, TransactionManager transactions, String instance,
                    Map<String, Declared> declared) {
        this.jdbc = JdbcClient.create(dataSource);
        this.statements = new JdbcTemplate(dataSource);
        this.transactions = transactions;
        this.instance = instance;
        this.declared = Map.copyOf(declared);
    }

    /**
     * In the rebuild's reset transaction: records the definitions of the processor's declared indexes and drops them.
     * An index already dropped by an earlier rebuild that did not end (recorded, absent) stays recorded, now under this
     * instance. An index that neither exists nor is recorded, or that may not be deferred, fails the reset.
     */
    void defer(String processor) {
        Declared projection = declared.get(processor);
        if (projection == null) {
            return;
        }
        // the records first, then the tables (DROP INDEX, the reset's TRUNCATE): the order restore takes them in, so a
        // rebuild and another instance's restore wait for each other instead of deadlocking
        jdbc.sql("SELECT index_name FROM deferred_index WHERE processor = :processor FOR UPDATE")
                .param("processor", processor).query(String.class).list();
        for (String name : projection.indexes()) {
            Optional<Index> index = lookUp(processor, projection, name);
            if (index.isEmpty()) {
                jdbc.sql("UPDATE deferred_index SET instance_id = :me WHERE index_name = :name")
                        .param("me", instance).param("name", name).update();
                continue;
            }
            jdbc.sql("""
                            INSERT INTO deferred_index (index_name, processor, definition, instance_id)
                            VALUES (:name, :processor, :definition, :me)
                            ON CONFLICT (index_name) DO UPDATE SET processor = EXCLUDED.processor,
                                definition = EXCLUDED.definition, instance_id = EXCLUDED.instance_id,
                                deferred_at = EXCLUDED.deferred_at""")
                    .param("name", name).param("processor", processor).param("definition", index.get().definition())
                    .param("me", instance).update();
            statements.execute("DROP INDEX \"" + name + "\""); // a checked name, quoted: a reserved word is a name too
        }
    }

    /**
     * Checks every declaration against the database as {@link #defer} would, without changing anything: run when the
     * service starts, so that a misspelt or unsuitable index fails the start, not an operator's rebuild later.
     */
    void check() {
        declared.forEach((processor, projection) -> projection.indexes().forEach(name ->
                lookUp(processor, projection, name)));
    }

    /**
     * The index, if it exists and may be deferred; empty if it is deferred already (absent and recorded for this
     * processor); otherwise an {@link IllegalStateException}.
     */
    private Optional<Index> lookUp(String processor, Declared projection, String name) {
        // one statement, so one snapshot: an index dropped and recorded (or built and forgotten) by another instance
        // meanwhile is seen either before or after, never as neither
        Index found = jdbc.sql("""
                        SELECT pg_get_indexdef(x.oid), t.relname,
                               coalesce(i.indisunique OR i.indisprimary OR i.indisexclusion
                                   OR EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid), false),
                               EXISTS (SELECT 1 FROM deferred_index d WHERE d.index_name = :name
                                       AND d.processor = :processor)
                        FROM (SELECT 1) AS one
                        LEFT JOIN pg_class x ON x.relname = :name AND x.relkind = 'i'
                            AND x.relnamespace = CAST(current_schema() AS regnamespace)
                        LEFT JOIN pg_index i ON i.indexrelid = x.oid
                        LEFT JOIN pg_class t ON t.oid = i.indrelid""")
                .param("name", name).param("processor", processor)
                .query((rs, n) -> new Index(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)))
                .single();
        if (found.definition() == null) {
            if (!found.recorded()) {
                throw new IllegalStateException(processor + " declares index " + name
                        + " to be built after a rebuild, but there is no such index");
            }
            return Optional.empty();
        }
        if (found.constrained() || !plain(name, found.definition())) {
            throw new IllegalStateException(processor + ": index " + name + " is unique, backs a constraint or is not "
                    + "a plain CREATE INDEX; it cannot be left out of a rebuild");
        }
        if (!projection.tables().contains(found.table())) {
            throw new IllegalStateException(processor + ": index " + name + " is on " + found.table()
                    + ", not on a table of the projection " + projection.tables());
        }
        return Optional.of(found);
    }

    /** Whether {@code definition} is PostgreSQL's definition of a plain index named {@code name}: one statement. */
    private static boolean plain(String name, String definition) {
        return definition.startsWith(CREATE + name + " ON ") && definition.indexOf(';') < 0;
    }

    /**
     * Builds the processor's indexes this instance deferred, each in a transaction of its own; how many it built. One
     * that fails does not keep the others from being built; it stays recorded, and the first failure is thrown after
     * the others were tried.
     */
    int restore(String processor) {
        return restore(processor, "d.instance_id = :me");
    }

    /**
     * Builds the processor's deferred indexes whose rebuild is over without them: recorded by an instance no longer
     * alive, or by this one (the caller knows this instance is not rebuilding the processor). One that another
     * instance is building or deferring at the same moment (it holds the record) is left to it.
     */
    int restoreAbandoned(String processor) {
        return restore(processor, ABANDONED);
    }

    /** The processors with deferred indexes that {@link #restoreAbandoned} would build. */
    List<String> abandoned() {
        return jdbc.sql("SELECT DISTINCT processor FROM deferred_index d WHERE " + ABANDONED + " ORDER BY processor")
                .param("me", instance).param("within", SegmentBalancer.LIVE_WITHIN.toSeconds())
                .query(String.class).list();
    }

    private static final String ABANDONED = """
            (d.instance_id = :me OR NOT EXISTS (SELECT 1 FROM platform_instance p WHERE p.instance_id = d.instance_id
                AND p.seen_at > now() - make_interval(secs => :within)))""";

    private int restore(String processor, String whose) {
        long started = System.nanoTime();
        List<String> names = jdbc.sql("SELECT d.index_name FROM deferred_index d WHERE d.processor = :processor AND "
                        + whose + " ORDER BY d.index_name")
                .param("processor", processor).param("me", instance)
                .param("within", SegmentBalancer.LIVE_WITHIN.toSeconds()).query(String.class).list();
        int built = 0;
        RuntimeException failed = null;
        for (String name : names) {
            try {
                // the record first, then the table (CREATE INDEX): the order a rebuild's reset takes them in
                boolean done = transactions.fetchInTransaction(() -> jdbc.sql("SELECT d.definition FROM deferred_index d "
                                + "WHERE d.index_name = :name AND d.processor = :processor AND " + whose
                                + " FOR UPDATE SKIP LOCKED")
                        .param("name", name).param("processor", processor).param("me", instance)
                        .param("within", SegmentBalancer.LIVE_WITHIN.toSeconds()).query(String.class).optional()
                        .map(definition -> {
                            if (!plain(name, definition)) {
                                throw new IllegalStateException("deferred index " + name
                                        + ": not a plain index definition: " + definition);
                            }
                            // as PostgreSQL printed it (pg_get_indexdef); IF NOT EXISTS: built already by hand
                            statements.execute("CREATE INDEX IF NOT EXISTS " + definition.substring(CREATE.length()));
                            jdbc.sql("DELETE FROM deferred_index WHERE index_name = :name").param("name", name).update();
                            return true;
                        }).orElse(false));
                built += done ? 1 : 0;
            } catch (RuntimeException e) {
                log.error("{}: its index {} could not be built again; it stays recorded in deferred_index",
                        processor, name, e);
                failed = failed == null ? e : failed;
            }
        }
        if (built > 0) {
            log.info("{}: {} indexes built again after its rebuild in {} ms", processor, built,
                    (System.nanoTime() - started) / 1_000_000);
        }
        if (failed != null) {
            throw failed;
        }
        return built;
    }
}
