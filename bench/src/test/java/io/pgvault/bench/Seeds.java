package io.pgvault.bench;

import io.pgvault.e2e.SourceDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
     * each column copied but those {@code overrides} maps to an SQL expression over {@code t} and the copy's
     * number {@code g}; answers the rows inserted. The table is vacuumed and analyzed afterwards, as autovacuum
     * would soon after such an insert (index-only scans need the visibility map it sets).
     */
    static long copies(String database, String table, String template, long count, Map<String, String> overrides)
            throws SQLException {
        try (Connection c = SourceDatabases.connect(database); Statement s = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (var rs = s.executeQuery("select column_name from information_schema.columns where table_schema = 'public'"
                    + " and table_name = '" + table + "' order by ordinal_position")) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            String select = columns.stream().map(col -> overrides.getOrDefault(col, "t." + col))
                    .collect(Collectors.joining(", "));
            long inserted = s.executeUpdate("insert into " + table + " (" + String.join(", ", columns) + ") select "
                    + select + " from " + table + " t, generate_series(1, " + count + ") g where " + template);
            s.execute("vacuum analyze " + table);
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
