package io.pgvault.job.runner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A libpq connection string, passed as the tools' {@code --dbname}: every value quoted, so a
 * database or host name can hold any character without becoming an option or another keyword.
 * Never holds a password (that comes from the password file in the child's environment).
 */
public final class ConnInfo {

    private ConnInfo() {
    }

    /** {@code host='…' port='…' user='…' dbname='…' [sslmode='…'] connect_timeout='10' application_name='pgvault'}. */
    public static String of(String host, int port, String user, String database, String sslMode) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("host", host);
        values.put("port", Integer.toString(port));
        values.put("user", user);
        values.put("dbname", database);
        if (sslMode != null && !sslMode.isBlank()) {
            values.put("sslmode", sslMode);
        }
        values.put("connect_timeout", "10");
        values.put("application_name", "pgvault");
        StringBuilder out = new StringBuilder();
        values.forEach((key, value) -> {
            if (value != null) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(key).append("='").append(quote(value)).append('\'');
            }
        });
        return out.toString();
    }

    /** libpq's quoting inside single quotes: backslash before {@code '} and {@code \}. */
    static String quote(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }

    /** A SQL string literal (standard_conforming_strings), e.g. {@code it's} → {@code 'it''s'}. */
    public static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    /** A SQL identifier in double quotes, e.g. {@code Sales "EU"} → {@code "Sales ""EU"""}. */
    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
