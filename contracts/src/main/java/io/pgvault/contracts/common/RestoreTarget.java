package io.pgvault.contracts.common;

import java.util.List;

/**
 * Where a restore writes a recovery point. Fields that do not apply to the {@code type} are
 * {@code null}. Never carries a password, nor the source's: job-service resolves a credential of the
 * target's own ({@code <secrets>/targets/<host>_<port>_<username>.password}) and offers it only to that
 * host, port and role.
 *
 * @param type           files or database
 * @param directory      {@link Type#FILES}: directory on the job-service host that receives the
 *                       point's artifacts; otherwise {@code null}
 * @param host           {@link Type#DATABASE}: host of the target server; otherwise {@code null}
 * @param port           {@link Type#DATABASE}: port of the target server; otherwise {@code null}
 * @param username       {@link Type#DATABASE}: role to connect as; otherwise {@code null}
 * @param database       {@link Type#DATABASE}: database to restore into; otherwise {@code null}
 * @param includeGlobals {@link Type#DATABASE}: also restore roles and tablespaces (the globals
 *                       artifact); always {@code false} for files
 * @param sslMode        {@link Type#DATABASE}: libpq {@code sslmode} the target requires, {@code require}
 *                       or {@code verify-full}; {@code null} for libpq's default (and in messages of
 *                       producers older than this field), and for files
 * @param keepEncrypted  {@link Type#FILES}: write the artifacts as the store keeps them (ciphertext, with the
 *                       point's envelope) for {@code pgvault decrypt}; {@code false}: decrypted, as pg_restore
 *                       reads them (the default, and in messages of producers older than this field)
 */
public record RestoreTarget(Type type, String directory, String host, Integer port, String username,
        String database, boolean includeGlobals, String sslMode, boolean keepEncrypted) {

    /** A target without {@code keepEncrypted}, as before the field. */
    public RestoreTarget(Type type, String directory, String host, Integer port, String username,
            String database, boolean includeGlobals, String sslMode) {
        this(type, directory, host, port, username, database, includeGlobals, sslMode, false);
    }

    /** The {@code sslMode} values a restore target may require. */
    public static final List<String> SSL_MODES = List.of("require", "verify-full");

    /** Kind of restore target. */
    public enum Type {
        /** Write the artifacts as files into a directory. */
        FILES,
        /** Restore into a running PostgreSQL server with {@code pg_restore}. */
        DATABASE
    }

    /**
     * A target that writes the artifacts into a directory.
     *
     * @param directory directory on the job-service host
     * @return the target
     */
    public static RestoreTarget files(String directory) {
        return files(directory, false);
    }

    /**
     * A target that writes the artifacts into a directory, decrypted or as stored.
     *
     * @param directory     directory on the job-service host
     * @param keepEncrypted write them as the store keeps them (for {@code pgvault decrypt})
     * @return the target
     */
    public static RestoreTarget files(String directory, boolean keepEncrypted) {
        return new RestoreTarget(Type.FILES, directory, null, null, null, null, false, null, keepEncrypted);
    }

    /**
     * A target that restores into a database, with libpq's default {@code sslmode}.
     *
     * @param host           host of the target server
     * @param port           port of the target server
     * @param username       role to connect as
     * @param database       database to restore into
     * @param includeGlobals also restore roles and tablespaces
     * @return the target
     */
    public static RestoreTarget database(String host, int port, String username, String database,
            boolean includeGlobals) {
        return database(host, port, username, database, includeGlobals, null);
    }

    /**
     * A target that restores into a database.
     *
     * @param host           host of the target server
     * @param port           port of the target server
     * @param username       role to connect as
     * @param database       database to restore into
     * @param includeGlobals also restore roles and tablespaces
     * @param sslMode        {@code require}, {@code verify-full} or {@code null} (libpq's default)
     * @return the target
     */
    public static RestoreTarget database(String host, int port, String username, String database,
            boolean includeGlobals, String sslMode) {
        return new RestoreTarget(Type.DATABASE, null, host, port, username, database, includeGlobals, sslMode);
    }
}
