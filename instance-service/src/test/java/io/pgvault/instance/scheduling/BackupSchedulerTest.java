package io.pgvault.instance.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.Commands;
import io.pgvault.instance.TestClock;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
class BackupSchedulerTest {

    @Inject
    BackupScheduler scheduler;

    @Inject
    ObjectMapper json;

    /** An hourly schedule whose first occurrence is the next full hour of the test clock. */
    private static UUID hourlyInstance() {
        Instant start = TestClock.CLOCK.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        return Api.protect(Api.createPolicy(Api.unique("hourly"), "R/" + start + "/PT1H"));
    }

    private static Instant nextBackupAt(UUID instance) {
        return Instant.parse(Api.get(instance).extract().path("nextBackupAt"));
    }

    private int runTwoReplicasAtOnce() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> run(together));
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> run(together));
        return a.get() + b.get();
    }

    private Integer run(CyclicBarrier together) {
        try {
            together.await();
            return VertxContextSupport.subscribeAndAwait(() -> scheduler.runOnce());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void twoReplicasFireOneBackupPerDueTimeAndCatchUpOnceAfterDowntime() throws Exception {
        UUID instance = hourlyInstance();
        Instant due = nextBackupAt(instance);

        TestClock.CLOCK.set(due.plusSeconds(30));
        runTwoReplicasAtOnce();
        List<JsonNode> fired = Commands.await(instance, BackupRequested.class, 1);
        assertThat(fired.get(0).path("trigger").asText()).isEqualTo("SCHEDULED");
        assertThat(nextBackupAt(instance)).isEqualTo(due.plus(Duration.ofHours(1)));
        Api.get(instance).body("activeBackupJobId", equalTo(fired.get(0).path("jobId").asText()));

        // the backup ends; then both replicas are down for five hours: one catch-up backup, not five
        UUID firstJob = UUID.fromString(fired.get(0).path("jobId").asText());
        JobSucceeded succeeded = new JobSucceeded(UUID.randomUUID(), instance, due.plusSeconds(90), firstJob,
                Operation.BACKUP, Trigger.SCHEDULED, due.plusSeconds(31), due.plusSeconds(89), 42, UUID.randomUUID(),
                null, null);
        KafkaProbe.send(succeeded, json.writeValueAsString(succeeded));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.get(instance)
                .body("lastBackup.status", equalTo("COMPLETED")).body("activeBackupJobId", nullValue()));
        Instant second = due.plus(Duration.ofHours(1));
        TestClock.CLOCK.set(second.plus(Duration.ofHours(5)).plusSeconds(30));
        runTwoReplicasAtOnce();
        runTwoReplicasAtOnce();
        assertThat(nextBackupAt(instance)).isEqualTo(second.plus(Duration.ofHours(6)));

        // anything published before this stop arrives before it (one partition, outbox order)
        Api.stop(instance, "RETAIN_AS_PER_POLICY").statusCode(200);
        Commands.await(instance, ProtectionStopped.class, 1);
        assertThat(Commands.typesOf(instance)).containsExactly("BackupRequested", "BackupRequested", "ProtectionStopped");
    }

    @Test
    void nothingFiresWhileProtectionIsStopped() throws Exception {
        UUID instance = hourlyInstance();
        Instant due = nextBackupAt(instance);
        Api.stop(instance, "RETAIN_FOREVER").statusCode(200).body("nextBackupAt", nullValue());

        TestClock.CLOCK.set(due.plus(Duration.ofHours(3)));
        runTwoReplicasAtOnce();

        Api.post(instance, "resume-protection", null).statusCode(200);
        Commands.await(instance, io.pgvault.contracts.instance.ProtectionResumed.class, 1);
        assertThat(Commands.typesOf(instance)).containsExactly("ProtectionStopped", "ProtectionResumed");
    }

    @Test
    void aDueInstanceWhoseBackupIsStillRunningIsSkippedForThatOccurrence() throws Throwable {
        UUID instance = hourlyInstance();
        Instant due = nextBackupAt(instance);
        String manual = Api.post(instance, "backup", null).statusCode(202).extract().path("jobId");

        TestClock.CLOCK.set(due.plusSeconds(1));
        assertThat(VertxContextSupport.<Integer>subscribeAndAwait(() -> scheduler.runOnce())).isZero();
        assertThat(nextBackupAt(instance)).isEqualTo(due.plus(Duration.ofHours(1)));
        io.restassured.RestAssured.given().when().get("/api/v1/backup-instances/" + instance + "/activity")
                .then().body("[0].action", equalTo("SCHEDULED_BACKUP_SKIPPED"))
                .body("[0].actor", equalTo("scheduler"))
                .body("[0].jobId", equalTo(manual));
    }
}
