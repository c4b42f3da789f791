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

    private static final String WIDE_COLUMNS = """
            id int PRIMARY KEY, name varchar(64), note text, amount numeric(19, 4), count bigint, small int,
            flag boolean, at timestamptz, day date, ids text[], ref uuid""";

    private static final BatchedWrites.Rows WIDE_ROWS = BatchedWrites.Rows.into("wide_rows", "ON CONFLICT (id) DO NOTHING",
            "id int", "name varchar(64)", "note text", "amount numeric(19, 4)", "count bigint", "small int",
            "flag boolean", "at timestamptz", "day date", "ids text[]", "ref uuid");

    private static Object[] wide(int id) {
        java.time.Instant at = java.time.Instant.parse("2026-12-05T10:00:00Z").plusNanos(id * 123_456_789L);
        return switch (id) {
            case 1 -> new Object[]{1, "plain", "text", new java.math.BigDecimal("12.5"), 5_000_000_000L, 7, true,
                    at, java.time.LocalDate.of(2026, 12, 31), new String[]{"a", "b"},
                    java.util.UUID.fromString("8f14e45f-ceea-467a-9575-bc5c1d2d8a10")};
            case 2 -> new Object[]{2, "quotes \" and \\ backslash, {braces}", "tab\tnew\nline 'single' é ☃",
                    new java.math.BigDecimal("-0.0001"), -1L, 0, false, at.atOffset(java.time.ZoneOffset.ofHours(5)),
                    java.time.LocalDate.of(1999, 1, 1), List.of("x,y", "\"q\"", "back\\slash", "{}", "NULL", ""),
                    null};
            case 3 -> new Object[]{3, null, null, null, null, null, null, null, null, new String[]{null, "n"}, null};
            default -> new Object[]{id, "", "", java.math.BigDecimal.ZERO, 0L, Integer.MIN_VALUE, true,
                    // half a microsecond: the driver rounds it up, PostgreSQL would round a text's half to even
                    java.time.Instant.parse("1970-01-01T00:00:00.000002500Z"), java.time.LocalDate.of(2000, 2, 29),
                    new String[0], java.util.UUID.fromString("00000000-0000-0000-0000-000000000001")};
        };
    }

    private static List<String> rowsOf(String table) {
        return jdbc.sql("SELECT CAST(t.* AS text) FROM " + table + " t ORDER BY id").query(String.class).list();
    }

    @Test
    void rowsSentAsColumnsAreTheRowsAStatementPerRowWrites() {
        jdbc.sql("DROP TABLE IF EXISTS wide_rows, wide_params").update();
        jdbc.sql("CREATE TABLE wide_rows (" + WIDE_COLUMNS + ")").update();
        jdbc.sql("CREATE TABLE wide_params (" + WIDE_COLUMNS + ")").update();
        tx.executeWithoutResult(s -> {
            for (int id = 1; id <= 4; id++) {
                writes.queueRow(WIDE_ROWS, wide(id));
            }
            assertThat(writes.queued()).isEqualTo(4);
            assertThat(writes.batches()).as("one statement for the four rows").isEqualTo(1);
            assertThat(rowsOf("wide_rows")).as("nothing sent before the commit").isEmpty();
        });
        for (int id = 1; id <= 4; id++) {
            Object[] v = wide(id);
            Object at = v[7] instanceof java.time.Instant instant ? instant.atOffset(java.time.ZoneOffset.UTC) : v[7];
            Object ids = v[9] instanceof List<?> list ? list.toArray(String[]::new) : v[9];
            writes.queue(Set.of("wide_params"), """
                            INSERT INTO wide_params (id, name, note, amount, count, small, flag, at, day, ids, ref)
                            VALUES (:id, :name, :note, :amount, :count, :small, :flag, :at, :day, :ids, :ref)""",
                    new MapSqlParameterSource("id", v[0]).addValue("name", v[1], java.sql.Types.VARCHAR)
                            .addValue("note", v[2], java.sql.Types.VARCHAR)
                            .addValue("amount", v[3], java.sql.Types.NUMERIC).addValue("count", v[4], java.sql.Types.BIGINT)
                            .addValue("small", v[5], java.sql.Types.INTEGER).addValue("flag", v[6], java.sql.Types.BOOLEAN)
                            .addValue("at", at, java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                            .addValue("day", v[8], java.sql.Types.DATE).addValue("ids", ids)
                            .addValue("ref", v[10], java.sql.Types.OTHER));
        }
        // the same row ids again: ON CONFLICT DO NOTHING keeps the first rows
        writes.queueRow(WIDE_ROWS, wide(3));

        // every value as PostgreSQL prints it
        assertThat(rowsOf("wide_rows")).hasSize(4)
                .isEqualTo(rowsOf("wide_params").stream().toList())
                .anySatisfy(row -> assertThat(row).contains("tab\tnew\nline 'single' é ☃"));
    }

    @Test
    void aRowQueuedLatestIsSentOnceWithItsLastValues() {
        jdbc.sql("DROP TABLE IF EXISTS latest_rows").update();
        jdbc.sql("CREATE TABLE latest_rows (id int PRIMARY KEY, v int NOT NULL)").update();
        BatchedWrites.Rows rows = BatchedWrites.Rows.into("latest_rows",
                "ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v WHERE latest_rows.v < EXCLUDED.v", "id int", "v int");
        int[] v = {1, 10};
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < 3; i++) {
                writes.queueLatestRow(rows, 1, () -> new Object[]{1, v[0]});
                writes.queueLatestRow(rows, 2, () -> new Object[]{2, v[1]});
                v[0]++;
                v[1]++;
            }
            assertThat(writes.queued()).as("once per key").isEqualTo(2);
        });
        assertThat(jdbc.sql("SELECT v FROM latest_rows ORDER BY id").query(Integer.class).list()).containsExactly(4, 13);

        writes.queueLatestRow(rows, 1, () -> new Object[]{1, 2}); // outside a transaction: at once, and the guard holds
        writes.queueRow(rows, 2, 20);
        assertThat(jdbc.sql("SELECT v FROM latest_rows ORDER BY id").query(Integer.class).list()).containsExactly(4, 20);
    }

    @Test
    void aRowWithTheWrongNumberOfValuesIsRefusedWhenQueued() {
        BatchedWrites.Rows rows = BatchedWrites.Rows.into("a", "", "id int", "v int");
        tx.executeWithoutResult(s -> assertThatThrownBy(() -> writes.queueRow(rows, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 values for 2 columns"));
    }
}
