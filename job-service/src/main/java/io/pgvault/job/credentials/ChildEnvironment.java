package io.pgvault.job.credentials;

import java.util.Map;
import java.util.Set;

/**
 * The environment of a PostgreSQL client tool started by job-service: job-service's own, without
 * anything libpq would read to find a password or another server, plus the job's {@link Credentials}.
 *
 * <p>Every {@code PG*} variable goes: {@code PGPASSWORD}, {@code PGPASSFILE}, {@code PGSERVICE},
 * {@code PGSERVICEFILE} and {@code PGSYSCONFDIR} would hand the child a password or a service file meant
 * for other servers; {@code PGHOST}, {@code PGHOSTADDR}, {@code PGPORT}, {@code PGUSER},
 * {@code PGDATABASE} or {@code PGOPTIONS} would change where it connects (with {@code PGHOSTADDR} a
 * password scoped to one host name reaches another address). job-service's own {@code PGVAULT_*} settings
 * go too (among them {@code PGVAULT_DB_PASSWORD}, its own database password). Kept are only the trust anchors of TLS
 * ({@code PGSSLROOTCERT}, {@code PGSSLCRL}, {@code PGSSLCRLDIR}), which a target with {@code sslMode}
 * {@code verify-full} checks its server against and which carry no secret.
 */
public final class ChildEnvironment {

    /** libpq variables a child keeps: certificates to verify servers with, nothing secret. */
    static final Set<String> KEPT = Set.of("PGSSLROOTCERT", "PGSSLCRL", "PGSSLCRLDIR");

    private ChildEnvironment() {
    }

    /** Removes from {@code environment} (a child's, modifiable) every libpq variable but {@link #KEPT}. */
    public static void scrub(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("PG") && !KEPT.contains(name));
    }

    /** Scrubs {@code environment}, then sets what {@code credentials} need. */
    public static void apply(Map<String, String> environment, Credentials credentials) {
        scrub(environment);
        environment.putAll(credentials.environment());
    }
}
