package io.pgvault.platformtests.app;

import io.pgvault.testinfra.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Reads the test application's tables over plain JDBC, beside the application's own session. */
public final class TestDatabase {

    /** The database PgVaultTestResource makes for these tests. */
    public static final String NAME = "pgvault_platform";

    private TestDatabase() {
    }

    /** The single number {@code sql} answers for its parameters. */
    public static long count(String sql, Object... parameters) {
        List<Object> values = column(sql, parameters);
        return ((Number) values.get(0)).longValue();
    }

    /** The first column of every row {@code sql} answers, in its order. */
    public static List<Object> column(String sql, Object... parameters) {
        Properties credentials = new Properties();
        credentials.put("user", TestInfra.pgUser());
        if (TestInfra.pgPassword() != null) {
            credentials.put("password", TestInfra.pgPassword());
        }
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl(NAME), credentials);
                PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                q.setObject(i + 1, parameters[i]);
            }
            List<Object> values = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getObject(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }
}
