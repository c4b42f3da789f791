package com.cspmarket.kit;

import com.cspmarket.local.LocalPostgres;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DeferredIndexes} against a real PostgreSQL: indexes dropped with the reset's transaction and built again as
 * they were; refused where a rebuild needs them or they are not the projection's; built again by another instance
 * only once the one that dropped them is gone.
 */
class DeferredIndexesTest {

    private static final String PROJECTION = "some-projection";
    private static final Map<String, DeferredIndexes.Declared> DECLARED = Map.of(PROJECTION,
            new DeferredIndexes.Declared(List.of("thing"), List.of("thing_by_kind", "thing_tags")));

    private static LocalPostgres postgres;
    private static SimpleDriverDataSource dataSource;
    private static JdbcClient jdbc;
    private static SpringTransactionManager transactions;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.start(0, null);
        dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), postgres.createDatabase("deferred"),
                postgres.username(), postgres.password());
        jdbc = JdbcClient.create(dataSource);
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        migration("V2_3__platform_instance.sql");
        migration("V2_7__deferred_index.sql");
    }

    private static void migration(String file) {
        try (InputStream in = DeferredIndexesTest.class.getResourceAsStream("/db/kit/" + file)) {
            new org.springframework.jdbc.core.JdbcTemplate(dataSource)
                    .execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @BeforeEach
    void tables() {
        jdbc.sql("DROP TABLE IF EXISTS thing, other").update();
        jdbc.sql("TRUNCATE deferred_index, platform_instance").update();
        jdbc.sql("CREATE TABLE thing (id int PRIMARY KEY, kind varchar(16) NOT NULL, tags text[] NOT NULL, "
                + "code varchar(16) NOT NULL)").update();
        jdbc.sql("CREATE INDEX thing_by_kind ON thing (kind, id) WHERE kind IN ('a', 'b')").update();
        jdbc.sql("CREATE INDEX thing_tags ON thing USING GIN (tags)").update();
        jdbc.sql("CREATE UNIQUE INDEX thing_code ON thing (code)").update();
        jdbc.sql("CREATE TABLE other (id int PRIMARY KEY, kind varchar(16) NOT NULL)").update();
        jdbc.sql("CREATE INDEX other_kind ON other (kind)").update();
    }

    private static DeferredIndexes of(String instance) {
        return new DeferredIndexes(dataSource, transactions, instance, DECLARED);
    }

    private static DeferredIndexes declaring(String instance, String index) {
        return new DeferredIndexes(dataSource, transactions, instance,
                Map.of(PROJECTION, new DeferredIndexes.Declared(List.of("thing"), List.of(index))));
    }

    /**
     * The indexes of {@code thing}: name and definition, except that a partial index's predicate is left out. PostgreSQL
     * prints an index's definition as it parsed it (the predicate's casts moved into the array), so the definition a
     * restored index prints can differ in text from the original's, as after pg_dump and restore; {@link
     * #aRestoredPartialIndexServesItsQueries} checks that it is the same index to the planner.
     */
    private static Map<String, String> indexes() {
        return jdbc.sql("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'thing'")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2).replaceAll(" WHERE .*", " WHERE ...")))
                .list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<String> deferred() {
        return jdbc.sql("SELECT index_name || '@' || instance_id FROM deferred_index ORDER BY index_name")
                .query(String.class).list();
    }

    private static void alive(String instance) {
        jdbc.sql("INSERT INTO platform_instance (instance_id, seen_at) VALUES (:i, now())").param("i", instance).update();
    }

    @Test
    void deferredIndexesAreGoneUntilRestoredAndComeBackAsTheyWere() {
        Map<String, String> before = indexes();
        DeferredIndexes indexes = of("me");

        transactions.executeInTransaction(() -> indexes.defer(PROJECTION));

        assertThat(indexes()).containsOnlyKeys("thing_pkey", "thing_code");
        assertThat(deferred()).containsExactly("thing_by_kind@me", "thing_tags@me");
        jdbc.sql("INSERT INTO thing SELECT i, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'c' END, ARRAY['t' || (i % 7)], "
                + "'c' || i FROM generate_series(1, 1000) i").update();

        assertThat(indexes.restore(PROJECTION)).isEqualTo(2);

        assertThat(indexes()).isEqualTo(before);
        assertThat(deferred()).isEmpty();
        assertThat(indexes.restore(PROJECTION)).isZero();
        // built from the rows inserted meanwhile: read through the index alone (one connection, one transaction)
        Integer tagged = transactions.fetchInTransaction(() -> {
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            assertThat(String.join("\n", jdbc.sql("EXPLAIN SELECT count(*) FROM thing WHERE tags @> ARRAY['t3']")
                    .query(String.class).list())).contains("thing_tags");
            return jdbc.sql("SELECT count(*) FROM thing WHERE tags @> ARRAY['t3']").query(Integer.class).single();
        });
        assertThat(tagged).isEqualTo(143);
    }

    @Test
    void anIndexThatCannotBeBuiltAgainStaysRecordedAndDoesNotKeepTheOthersFromBeingBuilt() {
        DeferredIndexes indexes = of("me");
        transactions.executeInTransaction(() -> indexes.defer(PROJECTION));
        jdbc.sql("ALTER TABLE thing DROP COLUMN kind").update(); // a migration took the index's column away

        assertThatThrownBy(() -> indexes.restore(PROJECTION)).hasMessageContaining("kind");

        assertThat(indexes()).containsOnlyKeys("thing_pkey", "thing_code", "thing_tags");
        assertThat(deferred()).containsExactly("thing_by_kind@me");
    }

    @Test
    void aRestoredPartialIndexServesItsQueries() {
        jdbc.sql("INSERT INTO thing SELECT i, CASE WHEN i % 50 = 0 THEN 'a' ELSE 'c' END, ARRAY['t'], 'c' || i "
                + "FROM generate_series(1, 20000) i").update();
        DeferredIndexes indexes = of("me");
        transactions.executeInTransaction(() -> indexes.defer(PROJECTION));
        indexes.restore(PROJECTION);
        jdbc.sql("ANALYZE thing").update();

        String plan = String.join("\n", jdbc.sql("EXPLAIN SELECT * FROM thing WHERE kind IN ('a', 'b') AND id > 10 "
                + "ORDER BY kind, id LIMIT 10").query(String.class).list());

        assertThat(plan).contains("thing_by_kind");
    }

    @Test
    void aDeferralRolledBackWithItsTransactionLeavesTheIndexes() {
        Map<String, String> before = indexes();

        assertThatThrownBy(() -> transactions.executeInTransaction(() -> {
            of("me").defer(PROJECTION);
            throw new IllegalStateException("the reset failed");
        })).hasMessage("the reset failed");

        assertThat(indexes()).isEqualTo(before);
        assertThat(deferred()).isEmpty();
    }

    @Test
    void uniqueIndexesPrimaryKeysOtherTablesAndUnknownNamesAreRefusedAndNothingIsDropped() {
        Map<String, String> before = indexes();
        for (String index : List.of("thing_code", "thing_pkey", "other_kind", "thing_nonexistent")) {
            assertThatThrownBy(() -> transactions.executeInTransaction(() ->
                    declaring("me", index).defer(PROJECTION)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(index);
            assertThatThrownBy(() -> declaring("me", index).check())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(index);
        }
        of("me").check();
        assertThat(indexes()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'other_kind'").query(Integer.class)
                .single()).isOne();
        assertThat(deferred()).isEmpty();
    }

    @Test
    void aRebuildAfterOneThatDidNotEndTakesItsDeferredIndexesOver() {
        Map<String, String> before = indexes();
        transactions.executeInTransaction(() -> of("gone").defer(PROJECTION));

        of("me").check(); // dropped, but recorded: a service started meanwhile is fine
        transactions.executeInTransaction(() -> of("me").defer(PROJECTION));

        assertThat(deferred()).containsExactly("thing_by_kind@me", "thing_tags@me");
        assertThat(of("gone").restore(PROJECTION)).isZero();
        assertThat(of("me").restore(PROJECTION)).isEqualTo(2);
        assertThat(indexes()).isEqualTo(before);
    }

    @Test
    void indexesLeftByAnInstanceThatIsGoneOrByThisOneAreAbandonedThoseOfALiveOneAreNot() {
        Map<String, String> before = indexes();
        alive("busy");
        alive("me");
        transactions.executeInTransaction(() -> of("busy").defer(PROJECTION));

        assertThat(of("me").abandoned()).isEmpty();
        assertThat(of("me").restoreAbandoned(PROJECTION)).isZero();
        assertThat(indexes()).containsOnlyKeys("thing_pkey", "thing_code");

        // the instance stops renewing its row: after LIVE_WITHIN it is gone
        jdbc.sql("UPDATE platform_instance SET seen_at = now() - interval '1 minute' WHERE instance_id = 'busy'").update();
        assertThat(of("me").abandoned()).containsExactly(PROJECTION);
        assertThat(of("me").restoreAbandoned(PROJECTION)).isEqualTo(2);
        assertThat(indexes()).isEqualTo(before);

        // this instance's own, when it is not rebuilding (the caller's check)
        transactions.executeInTransaction(() -> of("me").defer(PROJECTION));
        assertThat(of("me").abandoned()).containsExactly(PROJECTION);
        assertThat(of("busy").abandoned()).isEmpty();
        assertThat(of("me").restoreAbandoned(PROJECTION)).isEqualTo(2);
        assertThat(indexes()).isEqualTo(before);
    }
}
