package io.pgvault.job.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgvault.job.SourceDatabases;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
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

    @Inject
    Scheduler scheduler;

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

    @Test
    void twoReplicasClaimingAtOnceNeverClaimTheSameJob() throws Exception {
        UUID instance = UUID.randomUUID();
        insertQueuedRestores(instance, 150);
        try {
            CompletableFuture<List<ClaimedJob>> firstClaimed = new CompletableFuture<>();
            CompletableFuture<Void> secondDone = new CompletableFuture<>();
            // Replica one claims and keeps its transaction open (its rows locked) while replica two claims.
            CompletableFuture<List<ClaimedJob>> first = CompletableFuture.supplyAsync(() -> claimRolledBack(
                    () -> service.claim(5, Set.of()).invoke(firstClaimed::complete)
                            .call(claimed -> onThisContext(secondDone))));
            List<ClaimedJob> one = firstClaimed.get(60, TimeUnit.SECONDS);
            List<ClaimedJob> two;
            try {
                two = CompletableFuture.supplyAsync(() -> claimRolledBack(() -> service.claim(5, Set.of())))
                        .get(60, TimeUnit.SECONDS);
            } finally {
                secondDone.complete(null);
            }
            first.get(60, TimeUnit.SECONDS);

            assertThat(one).hasSize(5);
            assertThat(two).hasSize(5);
            Set<UUID> ids = new HashSet<>();
            one.forEach(job -> ids.add(job.id()));
            two.forEach(job -> ids.add(job.id()));
            assertThat(ids).as("jobs claimed by both replicas").hasSize(10);
        } finally {
            deleteJobsOf(instance);
        }
    }

    @Test
    void aReplicaClaimingABackupOfAnInstanceAnotherReplicaIsStartingSkipsItAndStartsTheOthers() throws Exception {
        UUID contested = UUID.randomUUID();
        List<UUID> others = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        // Two queued backups of one instance (a scheduled one and one on demand), the oldest of all, then others.
        insertQueuedBackups(contested, 2, 0);
        for (int i = 0; i < others.size(); i++) {
            insertQueuedBackups(others.get(i), 1, 10 + i);
        }
        // Only the two claims below take jobs: the dispatcher of this process would take them as well.
        scheduler.pause();
        try {
            CompletableFuture<List<ClaimedJob>> firstClaimed = new CompletableFuture<>();
            CompletableFuture<Void> release = new CompletableFuture<>();
            // Replica one starts the first backup of the instance, written but not yet committed, and waits.
            CompletableFuture<List<ClaimedJob>> first = CompletableFuture.supplyAsync(() -> claimCommitted(
                    () -> service.claim(1, Set.of()).call(claimed -> Panache.getSession().chain(Mutiny.Session::flush))
                            .invoke(firstClaimed::complete).call(claimed -> onThisContext(release))));
            List<ClaimedJob> one = firstClaimed.get(60, TimeUnit.SECONDS);
            assertThat(one).extracting(ClaimedJob::instanceId).containsExactly(contested);

            // Replica two claims meanwhile: it does not see replica one's backup yet, the second one is queued.
            CompletableFuture<List<ClaimedJob>> second = CompletableFuture.supplyAsync(() -> claimCommitted(
                    () -> service.claim(3, Set.of()).call(claimed -> Panache.getSession().chain(Mutiny.Session::flush))));
            // Either it is done, or it waits for replica one's row (the unique index on running backups).
            await().atMost(Duration.ofSeconds(60)).until(() -> second.isDone() || waitsForALock());
            release.complete(null);
            first.get(60, TimeUnit.SECONDS);
            List<ClaimedJob> two = second.get(60, TimeUnit.SECONDS);

            assertThat(two).extracting(ClaimedJob::instanceId).as("replica two's claim")
                    .containsExactlyInAnyOrderElementsOf(others);
            assertThat(runningBackupsOf(contested)).isEqualTo(1);
        } finally {
            scheduler.resume();
            deleteJobsOf(contested);
            for (UUID other : others) {
                deleteJobsOf(other);
            }
        }
    }

    @Test
    void aWriteFromAStaleReadFailsInsteadOfOverwritingTheReapersVerdict() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        // Running on another replica, lease live: neither this replica's dispatcher nor its reaper touch it.
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement insert = c.prepareStatement("insert into job (id, instance_id, instance_name,"
                        + " operation, trigger, status, request, created_at, started_at, heartbeat_at, owner,"
                        + " lease_expires_at) values (?, ?, 'stale', 'RESTORE', 'ON_DEMAND', 'IN_PROGRESS', '{}',"
                        + " now(), now(), now(), 'other-replica', now() + interval '1 hour')")) {
            insert.setObject(1, jobId);
            insert.setObject(2, instance);
            insert.executeUpdate();
        }
        try {
            CompletableFuture<Void> read = new CompletableFuture<>();
            CompletableFuture<Void> changedElsewhere = new CompletableFuture<>();
            // A replica reads the job, then (after a pause) completes it ...
            CompletableFuture<Throwable> stale = CompletableFuture.supplyAsync(() -> {
                try {
                    VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Job.<Job>findById(jobId)
                            .invoke(job -> read.complete(null))
                            .call(job -> onThisContext(changedElsewhere))
                            .invoke(job -> job.moveTo(JobStatus.COMPLETED, Instant.now()))));
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            read.get(60, TimeUnit.SECONDS);
            // ... while a user cancels it meanwhile.
            try {
                cancel(jobId);
            } finally {
                changedElsewhere.complete(null);
            }
            assertThat(stale.get(60, TimeUnit.SECONDS)).as("the stale write must fail").isNotNull()
                    .satisfies(e -> assertThat(isStaleWrite(e)).as(e.toString()).isTrue());
            try (Connection c = SourceDatabases.connect("pgvault_job");
                    PreparedStatement select = c.prepareStatement("select status from job where id = ?")) {
                select.setObject(1, jobId);
                try (var rs = select.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("CANCELLED");
                }
            }
        } finally {
            deleteJobsOf(instance);
        }
    }

    /**
     * Waits for {@code future} without blocking, and goes on on the Vert.x context of the caller (the
     * session's), not on the thread that completes the future.
     */
    private static Uni<Void> onThisContext(CompletableFuture<Void> future) {
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(future).emitOn(task -> context.runOnContext(v -> task.run()));
    }

    private void cancel(UUID jobId) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> service.cancel(jobId));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isStaleWrite(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof org.hibernate.StaleObjectStateException) {
                return true;
            }
        }
        return false;
    }

    /** Runs a claim in a transaction that is rolled back at the end: the jobs stay QUEUED for nobody. */
    private static List<ClaimedJob> claimRolledBack(java.util.function.Supplier<Uni<List<ClaimedJob>>> claim) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> claim.get()
                    .call(claimed -> Panache.currentTransaction().invoke(Mutiny.Transaction::markForRollback))));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a claim in a transaction of its own that commits. */
    private static List<ClaimedJob> claimCommitted(java.util.function.Supplier<Uni<List<ClaimedJob>>> claim) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(claim::get));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a session of the job database waits for a lock. */
    private static boolean waitsForALock() throws Exception {
        try (Connection c = SourceDatabases.connect("pgvault_job"); Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("select count(*) from pg_stat_activity"
                        + " where datname = current_database() and wait_event_type = 'Lock'")) {
            r.next();
            return r.getLong(1) > 0;
        }
    }

    private static long runningBackupsOf(UUID instance) throws Exception {
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement q = c.prepareStatement("select count(*) from job where instance_id = ?"
                        + " and operation = 'BACKUP' and status = 'IN_PROGRESS'")) {
            q.setObject(1, instance);
            try (java.sql.ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** {@code count} queued backups of {@code instance}, older than anything else queued, in {@code rank} order. */
    private static void insertQueuedBackups(UUID instance, int count, int rank) throws Exception {
        Instant created = Instant.now().minus(Duration.ofDays(2)).plusSeconds(rank);
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement insert = c.prepareStatement("insert into job (id, instance_id, instance_name,"
                        + " operation, trigger, status, request, created_at)"
                        + " values (?, ?, 'contested', 'BACKUP', 'SCHEDULED', 'QUEUED', '{}', ?)")) {
            for (int i = 0; i < count; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, instance);
                insert.setTimestamp(3, Timestamp.from(created.plusMillis(i)));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertQueuedRestores(UUID instance, int count) throws Exception {
        // A day old: older than anything else queued, so these are the jobs a claim takes first.
        Instant created = Instant.now().minus(Duration.ofDays(1));
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement insert = c.prepareStatement("insert into job (id, instance_id, instance_name,"
                        + " operation, trigger, status, recovery_point_id, request, created_at)"
                        + " values (?, ?, 'claimed', 'RESTORE', 'ON_DEMAND', 'QUEUED', ?, '{}', ?)")) {
            for (int i = 0; i < count; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, instance);
                insert.setObject(3, UUID.randomUUID());
                insert.setTimestamp(4, Timestamp.from(created.plusMillis(i)));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void deleteJobsOf(UUID instance) throws Exception {
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement delete = c.prepareStatement("delete from job where instance_id = ?")) {
            // A transaction of a failed test still holding the rows must not hang the run.
            try (Statement s = c.createStatement()) {
                s.execute("set lock_timeout = '30s'");
            }
            delete.setObject(1, instance);
            delete.executeUpdate();
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
