package io.pgvault.contracts.common;

/**
 * One file of a recovery point.
 *
 * @param name        file name inside the point, e.g. {@code globals.sql.zst} or
 *                    {@code db-orders.dump}
 * @param kind        globals (roles, tablespaces), one database's dump, or its database-level properties
 * @param database    name of the dumped database; {@code null} for {@link Kind#GLOBALS}
 * @param bytes       size of the file as stored
 * @param sha256      lowercase hex SHA-256 of the file as stored
 * @param compression compression of the file as stored, e.g. {@code zstd}, {@code gzip} or
 *                    {@code none}
 */
public record ArtifactEntry(String name, Kind kind, String database, long bytes, String sha256,
        String compression) {

    /** Kind of artifact. */
    public enum Kind {
        /** Cluster-wide objects ({@code pg_dumpall --globals-only}). */
        GLOBALS,
        /** One database ({@code pg_dump}). */
        DATABASE,
        /**
         * One database's own definition: the {@code CREATE DATABASE} (encoding, locale), owner, comment,
         * settings and grants, as SQL; {@link #database} names the database.
         */
        DATABASE_PROPERTIES
    }
}
