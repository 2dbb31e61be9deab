package io.pgvault.testinfra.hostile;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A digest of every row of every application table of one database (schema {@code public}), read over
 * JDBC in one statement, so a request can be proven to have changed no row: the digest before it equals
 * the digest after it. Each table's digest is the md5 of its rows' text in a fixed order.
 */
public final class TableDigest implements AutoCloseable {

    private final Connection connection;
    private final List<String> tables;
    private final String query;

    private TableDigest(Connection connection, List<String> tables, Map<String, List<String>> columns) {
        this.connection = connection;
        this.tables = tables;
        StringBuilder sql = new StringBuilder("select ");
        for (int i = 0; i < tables.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            String row = "row(" + String.join(", ", columns.get(tables.get(i)).stream().map(TableDigest::quote).toList())
                    + ")::text";
            sql.append("(select md5(coalesce(string_agg(r, '|' order by r), '')) from (select ").append(row)
                    .append(" as r from ").append(quote(tables.get(i))).append(") t)");
        }
        this.query = tables.isEmpty() ? "select 1" : sql.toString();
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * Connects and lists the tables of schema {@code public}, leaving out {@code excluded} tables and, of
     * the others, the {@code ignoredColumns} (by table) that change without a request.
     */
    public static TableDigest open(String jdbcUrl, String user, String password, Set<String> excluded,
            Map<String, Set<String>> ignoredColumns) {
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
            Map<String, List<String>> columns = new LinkedHashMap<>();
            try (Statement list = connection.createStatement();
                    ResultSet rs = list.executeQuery("select c.table_name, c.column_name from information_schema.columns c"
                            + " join information_schema.tables t on t.table_schema = c.table_schema"
                            + " and t.table_name = c.table_name"
                            + " where c.table_schema = 'public' and t.table_type = 'BASE TABLE'"
                            + " order by c.table_name, c.ordinal_position")) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    String column = rs.getString(2);
                    if (!excluded.contains(table) && !ignoredColumns.getOrDefault(table, Set.of()).contains(column)) {
                        columns.computeIfAbsent(table, t -> new ArrayList<>()).add(column);
                    }
                }
            }
            return new TableDigest(connection, List.copyOf(columns.keySet()), columns);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the tables of " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** The tables digested. */
    public List<String> tables() {
        return tables;
    }

    /** Each table's digest now. */
    public Map<String, String> take() {
        Map<String, String> digests = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            for (int i = 0; i < tables.size(); i++) {
                digests.put(tables.get(i), rs.getString(i + 1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot digest the tables: " + e.getMessage(), e);
        }
        return digests;
    }

    /** The tables whose digest differs between two takes. */
    public static List<String> changed(Map<String, String> before, Map<String, String> after) {
        return before.keySet().stream().filter(t -> !before.get(t).equals(after.get(t))).toList();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a connection we only read with
        }
    }
}
