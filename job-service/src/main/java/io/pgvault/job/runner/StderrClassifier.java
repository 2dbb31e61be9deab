package io.pgvault.job.runner;

import io.pgvault.job.credentials.Credentials;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what {@code pg_dump}, {@code pg_dumpall}, {@code pg_restore} and {@code psql} print on
 * stderr into an error a user can act on. Pure: the stderr text and a little context in, a
 * {@link JobError} out. An error quotes one line of stderr at most, the one that says what failed:
 * never a line that quotes data or statements ({@code DETAIL}, {@code CONTEXT}, {@code LINE n},
 * {@code Command was}, …), which may hold a row of the database.
 */
public final class StderrClassifier {

    /**
     * Facts the messages name.
     *
     * @param tool             the program, e.g. {@code pg_dump}
     * @param server           {@code host:port}
     * @param credentialSource where the password was looked for, e.g. {@code the instance's secret file
     *                         42.password} (no absolute path, no secret)
     */
    public record Context(String tool, String server, String credentialSource) {

        /** The context of a tool given by its path, run against {@code server} with {@code credentials}. */
        public static Context of(String toolPath, String server, Credentials credentials) {
            return new Context(Path.of(toolPath).getFileName().toString(), server, credentials.description());
        }
    }

    // PostgreSQL prints the name between double quotes without escaping inner ones: match to the line's end.
    private static final Pattern VERSION_MISMATCH = Pattern.compile("server version: (\\d+)");
    private static final Pattern MISSING_DB = Pattern.compile("database \"(.*)\" does not exist");
    /** An ERROR of a statement (pg_restore's ALTER OWNER or GRANT), unlike a FATAL at connection for the login role. */
    private static final Pattern MISSING_ROLE_IN_STATEMENT = Pattern.compile("ERROR:\\s+role \"(.*)\" does not exist");
    private static final Pattern EXISTING_DB = Pattern.compile("database \"(.*)\" already exists");
    /** A line that quotes data or SQL, after an optional {@code tool:} or {@code psql:<stdin>:3:} prefix. */
    private static final Pattern DATA_LINE = Pattern.compile(
            "^(?:\\S+:\\s+)?(?:detail|context|hint|query|statement|line \\d+|command was|query was)\\s*:",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_LINE = 500;
    /** pg_dump's statement in "Query was: LOCK TABLE public.a, public.b IN ACCESS SHARE MODE" (one table or a batch). */
    private static final Pattern LOCK_STATEMENT = Pattern.compile("LOCK TABLE (.+?) IN [A-Z ]+ MODE",
            Pattern.CASE_INSENSITIVE);

    private StderrClassifier() {
    }

    /** Classifies a failed tool's stderr; {@link ErrorCode#INTERNAL} with the first error line if nothing matches. */
    public static JobError classify(String stderr, Context context) {
        String text = stderr == null ? "" : stderr;
        String lower = text.toLowerCase(Locale.ROOT);
        String line = firstErrorLine(text);
        if (lower.contains("server version mismatch")) {
            Matcher m = VERSION_MISMATCH.matcher(text);
            String major = m.find() ? m.group(1) : null;
            return tooOld(major, line);
        }
        // pg_dump 15 implements --lock-wait-timeout as a statement_timeout around its LOCK TABLE; newer
        // servers and tools may say lock timeout.
        if (lower.contains("lock timeout")
                || (lower.contains("statement timeout") && LOCK_STATEMENT.matcher(text).find())) {
            return lockTimeout(text, context);
        }
        if (lower.contains("no space left on device") || lower.contains("disk full")) {
            return ErrorCode.DISK_FULL.error(context.tool() + " could not write: " + line);
        }
        Matcher role = MISSING_ROLE_IN_STATEMENT.matcher(text);
        if (role.find()) {
            return ErrorCode.ROLE_MISSING.error("role \"" + role.group(1) + "\" does not exist on " + context.server()
                    + ": " + line);
        }
        if (lower.contains("password authentication failed") || lower.contains("no password supplied")
                || lower.contains("no pg_hba.conf entry") || lower.contains("authentication failed")
                || (lower.contains("role \"") && lower.contains("does not exist"))) {
            return ErrorCode.AUTHENTICATION_FAILED.error(
                    context.server() + " refused the credentials: " + line + " (password looked for in "
                            + context.credentialSource() + ")",
                    ErrorCode.AUTHENTICATION_FAILED.recommendation());
        }
        Matcher missing = MISSING_DB.matcher(text);
        if (missing.find()) {
            return ErrorCode.DATABASE_MISSING.error("database \"" + missing.group(1) + "\" does not exist on "
                    + context.server());
        }
        Matcher existing = EXISTING_DB.matcher(text);
        if (existing.find()) {
            return ErrorCode.TARGET_EXISTS.error("database \"" + existing.group(1) + "\" already exists on "
                    + context.server() + "; a restore never overwrites a database");
        }
        if (lower.contains("connection refused") || lower.contains("could not translate host name")
                || lower.contains("timeout expired") || lower.contains("no route to host")
                || lower.contains("network is unreachable") || lower.contains("could not connect to server")) {
            return ErrorCode.HOST_UNREACHABLE.error(context.server() + " is unreachable: " + line);
        }
        return ErrorCode.INTERNAL.error(context.tool() + " failed: " + (line.isEmpty() ? "no error output" : line));
    }

    /**
     * pg_dump gave up waiting for a table's share lock ({@code --lock-wait-timeout}). Its stderr quotes the
     * LOCK TABLE statement that timed out: the relation(s) it names are the blocked ones (table names, no data).
     */
    private static JobError lockTimeout(String text, Context context) {
        Matcher lock = LOCK_STATEMENT.matcher(text);
        if (lock.find()) {
            List<String> relations = new ArrayList<>();
            for (String relation : lock.group(1).split(",\\s*")) {
                relations.add(cut(relation.strip()));
            }
            String which = relations.size() == 1 ? "table " + relations.get(0)
                    : "one of the tables " + String.join(", ", relations);
            return ErrorCode.LOCK_TIMEOUT.error(context.tool() + " on " + context.server()
                    + " timed out waiting for a lock on " + which
                    + ", which another session holds in a conflicting mode (e.g. ACCESS EXCLUSIVE)");
        }
        return ErrorCode.LOCK_TIMEOUT.error(context.tool() + " on " + context.server()
                + " timed out waiting for a lock another session holds: " + firstErrorLine(text));
    }

    /** The error for a server newer than every installed pg_dump. */
    public static JobError tooOld(String serverMajor, String detail) {
        String pkg = serverMajor == null ? "postgresql-client" : "postgresql-client-" + serverMajor;
        return ErrorCode.PG_DUMP_TOO_OLD.error(detail,
                "Install " + pkg + " on the job-service host (apt-get install " + pkg
                        + "), so /usr/lib/postgresql/" + (serverMajor == null ? "<major>" : serverMajor)
                        + "/bin/pg_dump exists; then run the backup again.");
    }

    /**
     * The first line that says "error" or "FATAL", else the first non-blank line, trimmed and cut to 500
     * characters; lines that quote data or statements are skipped.
     */
    static String firstErrorLine(String text) {
        String first = "";
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || DATA_LINE.matcher(line).find()) {
                continue;
            }
            if (first.isEmpty()) {
                first = line;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.contains("error") || lower.contains("fatal")) {
                return cut(line);
            }
        }
        return cut(first);
    }

    private static String cut(String line) {
        return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line;
    }
}
