package com.cspmarket.system;

import com.cspmarket.local.LocalPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL's own account of the statements the services ran during a window (pg_stat_statements, loaded when the
 * server starts with {@link LocalPostgres#STATEMENTS}): per statement and database, calls and execution time per
 * unit of work (e.g. per checkout). A diagnostic for where commits and round trips come from; the execution time
 * is the server's only, not the round trip.
 */
final class StatementStats {

    private final LocalPostgres postgres;
    private final List<String> databases;

    StatementStats(LocalPostgres postgres, List<String> databases) {
        this.postgres = postgres;
        this.databases = databases;
    }

    /** Creates the extension (once) and forgets every count so far. */
    void reset() throws SQLException {
        try (Connection c = connect()) {
            c.createStatement().execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            c.createStatement().execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** The {@code limit} statements called most often since {@link #reset()}, per {@code units} (e.g. checkouts). */
    String table(int limit, long units) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = connect();
             PreparedStatement query = c.prepareStatement("""
                     SELECT d.datname, s.calls, s.total_exec_time, s.rows, s.query,
                            sum(s.calls) OVER () AS all_calls, sum(s.total_exec_time) OVER () AS all_time
                     FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                     WHERE d.datname = ANY (?)
                     ORDER BY s.calls DESC LIMIT ?""")) {
            query.setArray(1, c.createArrayOf("text", databases.toArray()));
            query.setInt(2, limit);
            try (ResultSet rs = query.executeQuery()) {
                boolean first = true;
                while (rs.next()) {
                    if (first) {
                        out.append("statements (pg_stat_statements) per unit of work: %.1f calls, %.2f ms executing%n"
                                .formatted(rs.getLong("all_calls") / (double) units, rs.getDouble("all_time") / units));
                        out.append("%-14s %8s %9s %9s  %s%n".formatted("database", "calls/u", "ms/u", "rows/call", "statement"));
                        first = false;
                    }
                    long calls = rs.getLong("calls");
                    out.append("%-14s %8.2f %9.3f %9.1f  %s%n".formatted(rs.getString("datname"),
                            calls / (double) units, rs.getDouble("total_exec_time") / units,
                            rs.getLong("rows") / (double) Math.max(1, calls), shorten(rs.getString("query"))));
                }
            }
        }
        return out.toString();
    }

    /** Its beginning and its end (where the WHERE clause that tells two reads of one table apart is). */
    private static String shorten(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 160 ? oneLine
                : oneLine.substring(0, 70) + " ... " + oneLine.substring(oneLine.length() - 85);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.username(), postgres.password());
    }
}
