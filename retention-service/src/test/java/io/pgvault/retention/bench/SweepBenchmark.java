package io.pgvault.retention.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.retention.sweep.SweepReport;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The sweep over N expired points (default 100,000) of one instance: catalog rows in PostgreSQL and
 * one directory with a file per point in the filesystem store. Prints points/s for the soft delete
 * (claim, mark, outbox event per point) and for the purge (directory removal + mark). Run it with
 * {@code retention-service/bench/sweep-bench.sh}; it is skipped in the normal build.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
@EnabledIfSystemProperty(named = "bench.points", matches = "\\d+")
class SweepBenchmark extends RetentionTestBase {

    @Test
    void sweepOfExpiredPoints() throws Exception {
        int n = Integer.getInteger("bench.points");
        UUID instance = UUID.randomUUID();
        Instant created = CLOCK.instant();

        long t = System.nanoTime();
        List<UUID> ids = new ArrayList<>(n);
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl("pgvault_retention"), TestInfra.pgUser(),
                TestInfra.pgPassword())) {
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into recovery_point (id, instance_id, job_id, created_at, recorded_at, tag, rule, tag_reason,
                        birth_expires_at, expires_at, manifest, size_bytes, state)
                    select gen_random_uuid(), cast(? as uuid), gen_random_uuid(),
                        cast(? as timestamptz) - make_interval(secs => cast(? as integer) - g), cast(? as timestamptz),
                        'DEFAULT', 'P1D', 'default rule P1D',
                        cast(? as timestamptz) - make_interval(secs => cast(? as integer) - g) + interval '1 day',
                        cast(? as timestamptz) - make_interval(secs => cast(? as integer) - g) + interval '1 day',
                        '{}'::jsonb, 1, 'LIVE'
                    from generate_series(0, cast(? as integer)) g
                    returning id
                    """)) {
                Timestamp ts = Timestamp.from(created);
                insert.setObject(1, instance);
                insert.setTimestamp(2, ts);
                insert.setInt(3, n);
                insert.setTimestamp(4, ts);
                insert.setTimestamp(5, ts);
                insert.setInt(6, n);
                insert.setTimestamp(7, ts);
                insert.setInt(8, n);
                insert.setInt(9, n); // n + 1 points: the newest stays (floor 1)
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
        }
        for (UUID id : ids) {
            Path dir = Files.createDirectories(store.directoryOf(instance, id));
            Files.write(dir.resolve("db-1.dump"), new byte[128]);
        }
        System.out.printf("bench: prepared %d points (catalog + store) in %.1f s%n", ids.size(),
                (System.nanoTime() - t) / 1e9);

        CLOCK.set(created.plus(Duration.ofDays(2)));
        t = System.nanoTime();
        SweepReport deleted = sweep();
        double deleteSeconds = (System.nanoTime() - t) / 1e9;
        assertThat(deleted.deleted()).isGreaterThanOrEqualTo(n);

        CLOCK.advance(Duration.ofDays(15));
        t = System.nanoTime();
        SweepReport purged = sweep();
        double purgeSeconds = (System.nanoTime() - t) / 1e9;
        assertThat(purged.purged()).isGreaterThanOrEqualTo(n);

        System.out.printf("bench: soft delete %d points in %.1f s = %.0f points/s%n", deleted.deleted(), deleteSeconds,
                deleted.deleted() / deleteSeconds);
        System.out.printf("bench: purge %d points in %.1f s = %.0f points/s%n", purged.purged(), purgeSeconds,
                purged.purged() / purgeSeconds);
        System.out.printf("bench: sweep total %.1f s for %d points = %.0f points/s%n", deleteSeconds + purgeSeconds, n,
                n / (deleteSeconds + purgeSeconds));
    }
}
