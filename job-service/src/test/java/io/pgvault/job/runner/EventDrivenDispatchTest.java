package io.pgvault.job.runner;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.job.Jobs;
import io.pgvault.job.SignedInAsAdmin;
import io.pgvault.job.SourceDatabases;
import io.pgvault.job.client.RetentionServiceMock;
import io.pgvault.job.jobs.JobStatus;
import io.pgvault.job.jobs.JobSummary;
import io.pgvault.job.jobs.JobUpdates;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jobs start when they are recorded and when a worker frees up, not on a poll: every poll (dispatch, heartbeat,
 * outbox relay) runs once an hour here, so a job that starts and ends within the bound was started by the events.
 * And a running job's progress reaches the live stream every second.
 */
@QuarkusTest
@TestProfile(EventDrivenDispatchTest.PollsOff.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@QuarkusTestResource(RetentionServiceMock.class)
@ExtendWith(SignedInAsAdmin.class)
class EventDrivenDispatchTest {

    /** Every poll once an hour; progress every second. */
    public static class PollsOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pgvault.job.dispatch-interval", "1h", "pgvault.job.heartbeat-interval", "1h",
                    "pgvault.outbox.interval", "1h", "pgvault.job.progress-interval", "1s",
                    "pgvault.job.concurrency", "2");
        }
    }

    @Inject
    ObjectMapper mapper;

    @Inject
    JobUpdates updates;

    @Test
    void aRecordedJobStartsAtOnceAndTheNextOfItsInstanceStartsWhenTheFirstEnds() throws Exception {
        UUID instance = UUID.randomUUID();
        String db = "dispatch_" + instance.toString().substring(0, 8);
        PgVaultTestResource.createDatabaseIfMissing(db);
        BackupRequested first = Jobs.backup(instance, Jobs.testServer(db));
        BackupRequested second = Jobs.backup(instance, Jobs.testServer(db));
        Jobs.send(mapper, first);
        Jobs.send(mapper, second); // one backup per instance: it waits for the first, then a wake starts it

        Jobs.awaitStatus(first.jobId(), "COMPLETED");
        Jobs.awaitStatus(second.jobId(), "COMPLETED");
    }

    @Test
    void aRunningJobsProgressIsOnTheLiveStreamEverySecond() throws Exception {
        UUID instance = UUID.randomUUID();
        String db = "progress_" + instance.toString().substring(0, 8);
        PgVaultTestResource.createDatabaseIfMissing(db);
        try (Connection c = SourceDatabases.connect(db); Statement s = c.createStatement()) {
            s.execute("create table t (id int)");
        }
        List<JobSummary> seen = new CopyOnWriteArrayList<>();
        Cancellable watching = updates.stream(instance).subscribe().with(seen::add);
        try (Connection locker = SourceDatabases.connect(db)) {
            // pg_dump waits for this lock, so the job runs for as long as the test holds it
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("lock table t in access exclusive mode");
            }
            BackupRequested backup = Jobs.backup(instance, Jobs.testServer(db));
            Jobs.send(mapper, backup);
            // the heartbeat runs once an hour here: these updates are the progress ticks
            await("three progress updates while it runs").atMost(Duration.ofSeconds(60)).until(() -> seen.stream()
                    .filter(s -> s.id().equals(backup.jobId()) && s.status() == JobStatus.IN_PROGRESS).count() >= 3);
            locker.rollback();
            Jobs.awaitStatus(backup.jobId(), "COMPLETED");
        } finally {
            watching.cancel();
        }
    }
}
