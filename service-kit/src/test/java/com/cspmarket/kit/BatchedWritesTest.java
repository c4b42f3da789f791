package com.cspmarket.kit;

import com.cspmarket.local.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link BatchedWrites} against a real PostgreSQL: held until the commit, in an order that keeps every result. */
class BatchedWritesTest {

    private static final Set<String> A = Set.of("a");
    private static final Set<String> B = Set.of("b");
    private static final String INSERT_A = "INSERT INTO a (id, v) VALUES (:id, 0)";
    private static final String INSERT_B = "INSERT INTO b (id) VALUES (:id)";

    private static LocalPostgres postgres;
    private static SimpleDriverDataSource dataSource;
    private static JdbcClient jdbc;
    private static TransactionTemplate tx;
    private static BatchedWrites writes;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.start(0, null);
        dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), postgres.createDatabase("batched"),
                postgres.username(), postgres.password());
        jdbc = JdbcClient.create(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        writes = new BatchedWrites(dataSource);
        jdbc.sql("CREATE TABLE a (id int PRIMARY KEY, v int NOT NULL)").update();
        jdbc.sql("CREATE TABLE b (id int PRIMARY KEY)").update();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("TRUNCATE a, b").update();
    }

    private static MapSqlParameterSource id(int id) {
        return new MapSqlParameterSource("id", id);
    }

    private static List<Integer> ids(String table) {
        return jdbc.sql("SELECT id FROM " + table + " ORDER BY id").query(Integer.class).list();
    }

    @Test
    void outsideATransactionAStatementRunsAtOnce() {
        writes.queue(A, INSERT_A, id(1));

        assertThat(ids("a")).containsExactly(1);
        assertThat(writes.queued()).isZero();
    }

    @Test
    void heldUntilTheCommitThenSentAsOneBatchPerStatementAndTable() {
        tx.executeWithoutResult(s -> {
            for (int i = 1; i <= 3; i++) {
                writes.queue(A, INSERT_A, id(i));
                writes.queue(B, INSERT_B, id(i));
            }
            assertThat(writes.queued()).isEqualTo(6);
            assertThat(writes.batches()).isEqualTo(2); // the tables are apart: each statement joins its own batch
            assertThat(ids("a")).as("nothing sent before the commit").isEmpty();
        });

        assertThat(ids("a")).containsExactly(1, 2, 3);
        assertThat(ids("b")).containsExactly(1, 2, 3);
    }

    @Test
    void aStatementDoesNotOvertakeAnotherOnItsTable() {
        tx.executeWithoutResult(s -> {
            writes.queue(A, INSERT_A, id(1));
            writes.queue(A, "UPDATE a SET v = v + 1", new MapSqlParameterSource());
            writes.queue(A, INSERT_A, id(2)); // joining the first insert's batch would give row 2 the update
            assertThat(writes.batches()).isEqualTo(3);
        });

        assertThat(jdbc.sql("SELECT v FROM a ORDER BY id").query(Integer.class).list()).containsExactly(1, 0);
    }

    @Test
    void aStatementReadingAnotherTableWaitsForItsWrites() {
        tx.executeWithoutResult(s -> {
            writes.queue(B, INSERT_B, id(1));
            writes.queue(Set.of("a", "b"), "INSERT INTO a (id, v) SELECT id, 7 FROM b", new MapSqlParameterSource());
            writes.queue(B, INSERT_B, id(2)); // would be copied into a if it ran in the first batch
        });

        assertThat(ids("a")).containsExactly(1);
        assertThat(ids("b")).containsExactly(1, 2);
    }

    @Test
    void nowSendsWhatWasQueuedFirstAndCountsRows() {
        int updated = tx.execute(s -> {
            writes.queue(A, INSERT_A, id(1));
            writes.queue(A, INSERT_A, id(2));
            return writes.now("UPDATE a SET v = 5", new MapSqlParameterSource());
        });

        assertThat(updated).isEqualTo(2);
        assertThat(writes.queued()).isZero();
    }

    @Test
    void aRollbackWritesNothingAndLeavesNothingForTheNextTransaction() {
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            writes.queue(A, INSERT_A, id(1));
            throw new IllegalStateException("handler failed");
        })).isInstanceOf(IllegalStateException.class);
        tx.executeWithoutResult(s -> {
            assertThat(writes.queued()).isZero();
            writes.queue(A, INSERT_A, id(2));
        });

        assertThat(ids("a")).containsExactly(2);
    }

    @Test
    void aFailingBatchFailsTheCommitAndNothingOfTheTransactionStays() {
        jdbc.sql("INSERT INTO a (id, v) VALUES (9, 0)").update();

        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO b (id) VALUES (1)").update();
            writes.queue(A, INSERT_A, id(9)); // the duplicate key fails at the commit, not here
        })).isInstanceOf(org.springframework.dao.DuplicateKeyException.class);

        assertThat(ids("b")).isEmpty();
    }

    @Test
    void aTransactionStartedInsideAnotherKeepsItsOwnQueue() {
        TransactionTemplate requiresNew = new TransactionTemplate(tx.getTransactionManager());
        requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            writes.queue(A, INSERT_A, id(1));
            requiresNew.executeWithoutResult(inner -> {
                assertThat(writes.queued()).isZero();
                writes.queue(A, INSERT_A, id(2));
            });
            assertThat(ids("a")).containsExactly(2);
            assertThat(writes.queued()).isEqualTo(1);
            throw new IllegalStateException("outer rolls back");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(ids("a")).containsExactly(2);
    }

    @Test
    void aLongTransactionSendsWhatItHoldsEveryThousandStatements() {
        tx.executeWithoutResult(s -> {
            writes.<Integer, String>cache("rows").put(1, "seen");
            for (int i = 1; i <= BatchedWrites.FLUSH_AT + 1; i++) {
                writes.queue(A, INSERT_A, id(i));
            }
            assertThat(writes.queued()).isEqualTo(1);
            assertThat(jdbc.sql("SELECT count(*) FROM a").query(Integer.class).single())
                    .as("sent in this transaction").isEqualTo(BatchedWrites.FLUSH_AT);
            assertThat(writes.<Integer, String>cache("rows")).as("the database has it now").isEmpty();
        });

        assertThat(jdbc.sql("SELECT count(*) FROM a").query(Integer.class).single()).isEqualTo(BatchedWrites.FLUSH_AT + 1);
    }

    @Test
    void theCacheLivesAsLongAsItsTransaction() {
        writes.<Integer, String>cache("rows").put(1, "outside");
        assertThat(writes.<Integer, String>cache("rows")).as("nothing kept outside a transaction").isEmpty();

        tx.executeWithoutResult(s -> {
            writes.<Integer, String>cache("rows").put(1, "first");
            assertThat(writes.<Integer, String>cache("rows")).containsEntry(1, "first");
        });
        tx.executeWithoutResult(s -> assertThat(writes.<Integer, String>cache("rows")).isEmpty());
    }

    private static final String UPSERT_A = """
            INSERT INTO a (id, v) VALUES (:id, :v) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v WHERE a.v < EXCLUDED.v""";

    @Test
    void aRowQueuedLatestIsWrittenOnceWithItsLastStateWhereItWasFirstQueued() {
        java.util.Map<Integer, Integer> state = new java.util.HashMap<>();
        tx.executeWithoutResult(s -> {
            for (int v = 1; v <= 3; v++) {
                state.put(1, v);
                writes.queueLatest(A, UPSERT_A, 1, () -> new MapSqlParameterSource("id", 1).addValue("v", state.get(1)));
            }
            state.put(2, 5);
            writes.queueLatest(A, UPSERT_A, 2, () -> new MapSqlParameterSource("id", 2).addValue("v", state.get(2)));
            assertThat(writes.queued()).as("one statement per row").isEqualTo(2);
            assertThat(writes.batches()).isEqualTo(1);
            assertThat(ids("a")).as("nothing sent before the commit").isEmpty();
        });

        assertThat(jdbc.sql("SELECT v FROM a ORDER BY id").query(Integer.class).list()).containsExactly(3, 5);
    }

    @Test
    void aRowQueuedLatestAfterAFlushIsWrittenAgain() {
        int[] v = {1};
        tx.executeWithoutResult(s -> {
            writes.queueLatest(A, UPSERT_A, 1, () -> new MapSqlParameterSource("id", 1).addValue("v", v[0]));
            writes.flush();
            assertThat(jdbc.sql("SELECT v FROM a").query(Integer.class).single()).isEqualTo(1);
            v[0] = 2;
            writes.queueLatest(A, UPSERT_A, 1, () -> new MapSqlParameterSource("id", 1).addValue("v", v[0]));
            assertThat(writes.queued()).isEqualTo(1);
        });

        assertThat(jdbc.sql("SELECT v FROM a").query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void aRowQueuedLatestOutsideATransactionIsWrittenAtOnce() {
        writes.queueLatest(A, UPSERT_A, 1, () -> new MapSqlParameterSource("id", 1).addValue("v", 4));

        assertThat(jdbc.sql("SELECT v FROM a").query(Integer.class).single()).isEqualTo(4);
    }
}
