package io.pgvault.job.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database-level part of a database's definition: encoding and locale (its {@code CREATE DATABASE}),
 * owner, comment, {@code ALTER DATABASE … SET} settings and {@code GRANT}/{@code REVOKE … ON DATABASE}.
 * {@code pg_dump} writes these only with {@code --create} and {@code pg_restore} applies them only under the
 * database's original name, so a backup keeps them in their own artifact and a restore applies them to the
 * new database's name.
 */
public record DatabaseProperties(String create, List<String> afterRestore) {

    /** What precedes the database's name in each statement kept; the name follows. */
    private static final Pattern NAMED = Pattern.compile(
            "^(CREATE DATABASE |ALTER DATABASE |COMMENT ON DATABASE |SECURITY LABEL (?:FOR \\S+ )?ON DATABASE |"
                    + "(?:GRANT|REVOKE) .*? ON DATABASE )(\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*)",
            Pattern.DOTALL);

    /**
     * Keeps the database-level statements of a {@code pg_dump --create --schema-only} script, one per entry;
     * psql meta-commands, {@code SET}s and comments are dropped.
     */
    public static List<String> statementsOf(String script) {
        List<String> kept = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            if (statement.isEmpty() && (line.isBlank() || line.startsWith("--") || line.startsWith("\\"))) {
                continue;
            }
            statement.append(statement.isEmpty() ? "" : "\n").append(line);
            if (line.endsWith(";") && quotesBalanced(statement)) {
                String text = statement.toString();
                statement.setLength(0);
                if (NAMED.matcher(text).find()) {
                    kept.add(text);
                }
            }
        }
        return kept;
    }

    /** Splits kept statements into the {@code CREATE DATABASE} and the rest, renaming the database to {@code name}. */
    public static DatabaseProperties of(List<String> statements, String name) {
        String create = null;
        List<String> rest = new ArrayList<>();
        for (String statement : statements) {
            Matcher m = NAMED.matcher(statement);
            if (!m.find()) {
                continue;
            }
            String renamed = m.group(1) + ConnInfo.identifier(name) + statement.substring(m.end());
            if (statement.startsWith("CREATE DATABASE ")) {
                create = renamed;
            } else {
                rest.add(renamed);
            }
        }
        return new DatabaseProperties(create, List.copyOf(rest));
    }

    /** An even number of single quotes outside double-quoted identifiers: the statement's literals are closed. */
    private static boolean quotesBalanced(CharSequence text) {
        boolean inIdentifier = false;
        int quotes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && quotes % 2 == 0) {
                inIdentifier = !inIdentifier;
            } else if (c == '\'' && !inIdentifier) {
                quotes++;
            }
        }
        return quotes % 2 == 0 && !inIdentifier;
    }
}
