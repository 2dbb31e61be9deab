package io.pgvault.job.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

    @Test
    void everyLibpqVariableThatCouldCarryAPasswordOrRedirectAConnectionIsRemoved() {
        Map<String, String> env = new HashMap<>(Map.of(
                "PGPASSWORD", "leak", "PGPASSFILE", "/home/x/.pgpass", "PGSERVICE", "prod",
                "PGSERVICEFILE", "/etc/pg_service.conf", "PGSYSCONFDIR", "/etc/postgresql-common",
                "PGHOSTADDR", "203.0.113.9", "PGHOST", "elsewhere", "PGUSER", "postgres", "PGOPTIONS", "-c x=y"));
        env.putAll(Map.of("HOME", "/home/pgvault", "PATH", "/usr/bin", "LANG", "C.UTF-8",
                "PGSSLROOTCERT", "/etc/ssl/pg-root.crt", "PGVAULT_DB_PASSWORD", "job-service's own"));
        ChildEnvironment.scrub(env);
        assertThat(env).containsOnlyKeys("HOME", "PATH", "LANG", "PGSSLROOTCERT");
    }

    @Test
    void theJobsCredentialsAreSetAfterTheScrub() {
        Map<String, String> env = new HashMap<>(Map.of("PGPASSFILE", "/home/x/.pgpass", "PGPASSWORD", "leak"));
        ChildEnvironment.apply(env, new Credentials(Map.of("PGPASSFILE", "/data/job/private/pgpass-1.conf"), "test",
                Path.of("/data/job/private/pgpass-1.conf")));
        assertThat(env).containsExactly(Map.entry("PGPASSFILE", "/data/job/private/pgpass-1.conf"));
    }
}
