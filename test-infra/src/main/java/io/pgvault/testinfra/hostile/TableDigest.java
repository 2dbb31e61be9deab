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

    private TableDigest(Connection connection, List<String> tables) {
        this.connection = connection;
        this.tables = tables;
        StringBuilder sql = new StringBuilder("select ");
        for (int i = 0; i < tables.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            String quoted = "\"" + tables.get(i).replace("\"", "\"\"") + "\"";
            sql.append("(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ")
                    .append(quoted).append(" t)");
        }
        this.query = tables.isEmpty() ? "select 1" : sql.toString();
    }

    /** Connects and lists the tables of schema {@code public}, leaving out {@code excluded}. */
    public static TableDigest open(String jdbcUrl, String user, String password, Set<String> excluded) {
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
            List<String> tables = new ArrayList<>();
            try (Statement list = connection.createStatement();
                    ResultSet rs = list.executeQuery("select table_name from information_schema.tables"
                            + " where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name")) {
                while (rs.next()) {
                    if (!excluded.contains(rs.getString(1))) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            return new TableDigest(connection, List.copyOf(tables));
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
