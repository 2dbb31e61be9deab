package io.pgvault.instance.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.common.VerificationEvidence;
import io.pgvault.contracts.job.JobFailed;
import io.pgvault.contracts.job.JobStarted;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.contracts.job.VerificationCompleted;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.contracts.retention.RecoveryPointCreated;
import io.pgvault.contracts.retention.RecoveryPointDeleted;
import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
class EventsConsumersTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    ObjectMapper json;

    private void send(Event event) throws Exception {
        KafkaProbe.send(event, json.writeValueAsString(event));
    }

    private static Instant now() {
        return Instant.parse("2026-02-01T02:00:00Z");
    }

    @Test
    void jobEventsKeepTheLastBackupAndFreeTheInstanceForTheNextOne() throws Exception {
        UUID instance = Api.protect(Api.createPolicy());
        UUID job = UUID.fromString(Api.post(instance, "backup", null).statusCode(202).extract().path("jobId"));

        send(new JobStarted(UUID.randomUUID(), instance, now(), job, Operation.BACKUP, Trigger.ON_DEMAND));
        await().atMost(WAIT).untilAsserted(() -> Api.get(instance)
                .body("lastBackup.status", equalTo("IN_PROGRESS"))
                .body("lastBackup.jobId", equalTo(job.toString())));
        Api.post(instance, "backup", null).statusCode(409);

        send(new JobSucceeded(UUID.randomUUID(), instance, now().plusSeconds(60), job, Operation.BACKUP,
                Trigger.ON_DEMAND, now(), now().plusSeconds(55), 1234, UUID.randomUUID(), null, null));
        await().atMost(WAIT).untilAsserted(() -> Api.get(instance)
                .body("lastBackup.status", equalTo("COMPLETED"))
                .body("lastBackup.at", equalTo("2026-02-01T02:00:55Z"))
                .body("activeBackupJobId", equalTo(null)));

        UUID second = UUID.fromString(Api.post(instance, "backup", null).statusCode(202).extract().path("jobId"));
        send(new JobFailed(UUID.randomUUID(), instance, now().plusSeconds(120), second, Operation.BACKUP,
                Trigger.ON_DEMAND, "CONNECTION_REFUSED", "could not connect to db1.internal:5432", "check the server"));
        await().atMost(WAIT).untilAsserted(() -> Api.get(instance)
                .body("lastBackup.status", equalTo("FAILED"))
                .body("lastBackup.jobId", equalTo(second.toString()))
                .body("lastBackup.error", equalTo("CONNECTION_REFUSED: could not connect to db1.internal:5432"))
                .body("activeBackupJobId", equalTo(null)));
    }

    @Test
    void aFailedVerificationSetsTheInstancesHealthToWarningInTheListUntilALaterOneVerifies() throws Exception {
        String name = Api.unique("verified-db");
        UUID instance = Api.protect(name, Api.createPolicy());
        Api.get(instance).body("health", equalTo("OK")).body("lastVerification", equalTo(null));
        UUID point = UUID.randomUUID();
        UUID failedJob = UUID.randomUUID();
        send(verification(instance, point, failedJob, VerificationEvidence.Outcome.FAILED, now().plusSeconds(300),
                List.of("database app: table public.orders has 2999 rows restored; the backup recorded 3000")));
        await().atMost(WAIT).untilAsserted(() -> given().queryParam("nameContains", name)
                .when().get("/api/v1/backup-instances").then()
                .body("items[0].health", equalTo("WARNING"))
                .body("items[0].lastVerification.outcome", equalTo("FAILED"))
                .body("items[0].lastVerification.jobId", equalTo(failedJob.toString()))
                .body("items[0].lastVerification.recoveryPointId", equalTo(point.toString()))
                .body("items[0].lastVerification.message", equalTo(
                        "database app: table public.orders has 2999 rows restored; the backup recorded 3000")));

        // An older verification arriving late changes nothing; a newer VERIFIED one clears the warning.
        send(verification(instance, point, UUID.randomUUID(), VerificationEvidence.Outcome.VERIFIED, now(), List.of()));
        UUID verifiedJob = UUID.randomUUID();
        send(verification(instance, point, verifiedJob, VerificationEvidence.Outcome.VERIFIED, now().plusSeconds(600),
                List.of()));
        await().atMost(WAIT).untilAsserted(() -> Api.get(instance)
                .body("health", equalTo("OK"))
                .body("lastVerification.jobId", equalTo(verifiedJob.toString()))
                .body("lastVerification.message", equalTo(null)));
    }

    private static VerificationCompleted verification(UUID instance, UUID point, UUID job,
            VerificationEvidence.Outcome outcome, Instant at, List<String> mismatches) {
        return new VerificationCompleted(UUID.randomUUID(), instance, at, point, new VerificationEvidence(outcome, job,
                at.minusSeconds(5), at, 5000, "127.0.0.1:5432", List.of(new VerificationEvidence.TableCheck("app",
                        "public", "orders", 3000, mismatches.isEmpty() ? 3000L : 2999L, mismatches.isEmpty())),
                mismatches, List.of()));
    }

    @Test
    void retentionEventsKeepTheRecoveryPointCountAndARedeliveryChangesNothing() throws Exception {
        UUID instance = Api.protect(Api.createPolicy());
        UUID eventId = UUID.randomUUID();
        send(new RecoveryPointCreated(eventId, instance, now(), UUID.randomUUID(), UUID.randomUUID(), now(), null,
                RetentionTag.WEEKLY, 3));
        await().atMost(WAIT).untilAsserted(() -> Api.get(instance).body("recoveryPoints", equalTo(3)));

        // the same event again (at-least-once delivery) with a different count must be ignored
        send(new RecoveryPointCreated(eventId, instance, now(), UUID.randomUUID(), UUID.randomUUID(), now(), null,
                RetentionTag.WEEKLY, 99));
        send(new RecoveryPointDeleted(UUID.randomUUID(), instance, now(), UUID.randomUUID(), "EXPIRED", 2));
        await().atMost(WAIT).untilAsserted(() -> Api.get(instance).body("recoveryPoints", equalTo(2)));
    }

    @Test
    void aDeletingInstanceDisappearsWhenItsDataIsPurged() throws Exception {
        String name = Api.unique("purged-db");
        UUID instance = Api.protect(name, Api.createPolicy());
        given().contentType(ContentType.JSON).body(Map.of("confirmName", name, "reason", "COST"))
                .when().delete("/api/v1/backup-instances/" + instance).then().statusCode(202);
        send(new InstanceDataPurged(UUID.randomUUID(), instance, now(), 4));
        await().atMost(WAIT).untilAsserted(() -> Api.get(instance).statusCode(404));
        given().queryParam("nameContains", name).when().get("/api/v1/backup-instances")
                .then().body("total", equalTo(0));
    }

    @Test
    void aPurgeOfAnInstanceNotBeingDeletedOnlyZeroesItsCount() throws Exception {
        UUID instance = Api.protect(Api.createPolicy());
        send(new RecoveryPointCreated(UUID.randomUUID(), instance, now(), UUID.randomUUID(), UUID.randomUUID(), now(),
                null, RetentionTag.DEFAULT, 1));
        await().atMost(WAIT).untilAsserted(() -> Api.get(instance).body("recoveryPoints", equalTo(1)));
        send(new InstanceDataPurged(UUID.randomUUID(), instance, now(), 1));
        await().atMost(WAIT).untilAsserted(() -> Api.get(instance).body("recoveryPoints", equalTo(0)));
    }

    @Test
    void aBrokenRecordGoesToTheDeadLetterTopicAndTheNextOneIsStillProcessed() throws Exception {
        UUID instance = Api.protect(Api.createPolicy());
        String brokenId = UUID.randomUUID().toString();
        KafkaProbe.send(Topics.JOB_EVENTS, instance.toString(), EventTypes.typeOf(JobStarted.class), brokenId,
                "{\"eventId\": \"not-a-uuid\",");

        var dead = KafkaProbe.await(Topics.dlq(Topics.JOB_EVENTS), 1, WAIT, r -> instance.toString().equals(r.key()));
        assertThat(dead.get(0).value()).isEqualTo("{\"eventId\": \"not-a-uuid\",");

        UUID job = UUID.randomUUID();
        send(new JobStarted(UUID.randomUUID(), instance, now(), job, Operation.BACKUP, Trigger.SCHEDULED));
        await().atMost(WAIT).untilAsserted(() -> Api.get(instance).body("lastBackup.jobId", equalTo(job.toString())));
    }
}
