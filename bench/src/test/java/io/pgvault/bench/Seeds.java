package io.pgvault.bench;

import io.pgvault.e2e.SourceDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Rows for the scale rounds, written with SQL straight into a service's database: copies of one real row (a
 * template the services made through their API), each with the changes {@code overrides} names, so every
 * column holds what the service itself would have written.
 */
final class Seeds {

    private Seeds() {
    }

    /**
     * Inserts {@code count} copies of the row of {@code table} that {@code template} selects (alias {@code t}),
     * each changed by {@code overrides} (a jsonb expression over {@code t} and the copy's number {@code g});
     * answers the rows inserted. The table is analyzed afterwards, as autovacuum would.
     */
    static long copies(String database, String table, String template, long count, String overrides) throws SQLException {
        try (Connection c = SourceDatabases.connect(database); Statement s = c.createStatement()) {
            long inserted = s.executeUpdate("insert into " + table + " select (jsonb_populate_record(null::" + table
                    + ", to_jsonb(t) || " + overrides + ")).* from " + table + " t, generate_series(1, " + count + ") g"
                    + " where " + template);
            s.execute("analyze " + table);
            return inserted;
        }
    }

    /** The single number {@code sql} answers in {@code database}. */
    static double number(String database, String sql) throws SQLException {
        try (Connection c = SourceDatabases.connect(database); Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    static void execute(String database, String sql) throws SQLException {
        try (Connection c = SourceDatabases.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
