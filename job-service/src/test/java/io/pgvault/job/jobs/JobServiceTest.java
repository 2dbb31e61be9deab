package io.pgvault.job.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.job.SourceDatabases;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/** Use cases of JobService that the REST and Kafka paths do not reach at scale. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
class JobServiceTest {

    /** Enough jobs that one chained operator per job would recurse past the stack. */
    private static final int STALE = 5000;

    @Inject
    JobService service;

    @Test
    void reapingThousandsOfStaleJobsAtOnceFailsEveryOneAndAnnouncesIt() throws Exception {
        UUID instance = UUID.randomUUID();
        // Heartbeats in the future: the scheduled reaper leaves them alone; only the call below sees them stale.
        Instant heartbeat = Instant.now().plus(Duration.ofHours(1));
        insertRunningRestores(instance, heartbeat);
        try {
            // One transaction, rolled back: thousands of JobFailed rows would hold up the outbox for the other tests.
            CompletableFuture<Reaped> run = CompletableFuture.supplyAsync(() -> awaitReap(heartbeat.plusSeconds(1), instance));
            Reaped result = run.get(120, TimeUnit.SECONDS);

            List<JobService.ReapedJob> ours = result.jobs().stream().filter(j -> j.instanceId().equals(instance)).toList();
            assertThat(ours).hasSize(STALE);
            assertThat(ours).allSatisfy(job -> {
                assertThat(job.summary().status()).isEqualTo(JobStatus.FAILED);
                assertThat(job.summary().errorCode()).isEqualTo(ErrorCode.INTERRUPTED);
            });
            assertThat(result.announced()).isEqualTo(STALE);
        } finally {
            try (Connection c = SourceDatabases.connect("pgvault_job");
                    PreparedStatement delete = c.prepareStatement("delete from job where instance_id = ?")) {
                delete.setObject(1, instance);
                delete.executeUpdate();
            }
        }
    }

    /** What the reap answered, and how many JobFailed rows of the instance it wrote to the outbox. */
    private record Reaped(List<JobService.ReapedJob> jobs, long announced) {
    }

    /** Reaps in a transaction that is rolled back at the end, once the outbox rows are counted. */
    private Reaped awaitReap(Instant staleBefore, UUID instance) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> service
                    .reap(staleBefore, Set.of())
                    .chain(jobs -> Panache.getSession()
                            .chain(session -> session.flush().chain(() -> session.createNativeQuery(
                                    "select count(*) from outbox where type = 'io.pgvault.JobFailed' and message_key = :key",
                                    Long.class).setParameter("key", instance.toString()).getSingleResult()))
                            .chain(count -> Panache.currentTransaction().invoke(Mutiny.Transaction::markForRollback)
                                    .replaceWith(new Reaped(jobs, count))))));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertRunningRestores(UUID instance, Instant heartbeat) throws Exception {
        Instant started = Instant.now().minus(Duration.ofHours(1));
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement insert = c.prepareStatement("insert into job (id, instance_id, instance_name,"
                        + " operation, trigger, status, recovery_point_id, request, created_at, started_at, heartbeat_at)"
                        + " values (?, ?, 'many', 'RESTORE', 'ON_DEMAND', 'IN_PROGRESS', ?, '{}', ?, ?, ?)")) {
            for (int i = 0; i < STALE; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, instance);
                insert.setObject(3, UUID.randomUUID());
                insert.setTimestamp(4, Timestamp.from(started));
                insert.setTimestamp(5, Timestamp.from(started));
                insert.setTimestamp(6, Timestamp.from(heartbeat));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
