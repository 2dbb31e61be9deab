package io.pgvault.instance.protection;

import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.job.JobStarted;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.instance.retention.RetentionServiceMock;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One answer after COMPLETED: the moment job-service shows a backup COMPLETED, a backup now of the instance and a
 * restore of the new point are accepted here, though the job's end and the point's catalog entry reach this
 * service a moment later. Each request is sent right after the event, without waiting for it to be consumed.
 */
@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
@QuarkusTestResource(RetentionServiceMock.class)
class CompletedMeansFreeTest {

    @Inject
    ObjectMapper json;

    @Test
    void aBackupNowRightAfterTheBackupCompletedIsAcceptedNotRefused() throws Exception {
        UUID instance = Api.protect(Api.createPolicy());
        UUID job = UUID.fromString(Api.post(instance, "backup", null).statusCode(202).extract().path("jobId"));
        Instant t = Instant.now();
        send(new JobStarted(UUID.randomUUID(), instance, t, job, Operation.BACKUP, Trigger.ON_DEMAND));
        send(new JobSucceeded(UUID.randomUUID(), instance, t.plusMillis(300), job, Operation.BACKUP, Trigger.ON_DEMAND,
                t, t.plusMillis(300), 1234, UUID.randomUUID(), null, null));

        // at once: the user has just seen COMPLETED at job-service
        UUID next = UUID.fromString(Api.post(instance, "backup", null).statusCode(202).extract().path("jobId"));

        Api.get(instance).body("activeBackupJobId", equalTo(next.toString()));
    }

    @Test
    void aRestoreOfAPointNotYetCatalogedIsAcceptedOnceRetentionServiceHasIt() {
        UUID instance = Api.protect(Api.createPolicy());
        UUID point = RetentionServiceMock.catalogedAfter(instance, 3);

        Api.post(instance, "restore", Map.of("recoveryPointId", point.toString(), "target",
                Map.of("type", "FILES", "directory", "just-completed"))).statusCode(202).body("status", equalTo("QUEUED"));
    }

    @Test
    void aBackupNowWhileTheBackupStillRunsIsStillRefused() throws Exception {
        UUID instance = Api.protect(Api.createPolicy());
        UUID job = UUID.fromString(Api.post(instance, "backup", null).statusCode(202).extract().path("jobId"));
        send(new JobStarted(UUID.randomUUID(), instance, Instant.now(), job, Operation.BACKUP, Trigger.ON_DEMAND));

        Api.post(instance, "backup", null).statusCode(409).body("activeJobId", equalTo(job.toString()));
    }

    @Test
    void aRestoreOfAPointRetentionServiceNeverCatalogsIsStillNotFound() {
        UUID instance = Api.protect(Api.createPolicy());

        Api.post(instance, "restore", Map.of("recoveryPointId", UUID.randomUUID().toString(), "target",
                Map.of("type", "FILES", "directory", "never"))).statusCode(404);
    }

    private void send(Event event) throws Exception {
        KafkaProbe.send(event, json.writeValueAsString(event));
    }
}
