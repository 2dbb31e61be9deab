package io.pgvault.instance.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.contracts.common.VerificationEvidence;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.instance.VerifyRequested;
import io.pgvault.contracts.job.VerificationCompleted;
import io.pgvault.contracts.retention.RecoveryPointCreated;
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
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
class VerificationSchedulerTest {

    @Inject
    VerificationScheduler scheduler;

    @Inject
    ObjectMapper json;

    /** A daily-verified policy whose backups would only start a year after the test clock. */
    private static UUID dailyVerifiedInstance(String target) {
        Instant start = TestClock.CLOCK.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(365));
        Map<String, Object> body = new HashMap<>(Api.policyBody(Api.unique("verified-daily"), "R/" + start + "/P1D"));
        body.put("verify", target == null ? Map.of("every", "P1D") : Map.of("every", "P1D", "target", target));
        String policy = io.restassured.RestAssured.given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/backup-policies").then().statusCode(201).extract().path("id");
        return Api.protect(UUID.fromString(policy));
    }

    private void pointCreated(UUID instance, UUID point, Instant at) throws Exception {
        RecoveryPointCreated created = new RecoveryPointCreated(UUID.randomUUID(), instance, at, point,
                UUID.randomUUID(), at, at.plus(Duration.ofDays(30)), RetentionTag.DEFAULT, 1);
        KafkaProbe.send(created, json.writeValueAsString(created));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.get(instance).body("recoveryPoints", equalTo(1)));
    }

    private void verified(UUID instance, UUID point, UUID job, Instant at) throws Exception {
        VerificationEvidence evidence = new VerificationEvidence(VerificationEvidence.Outcome.VERIFIED, job,
                at.minusSeconds(60), at, 60_000, "127.0.0.1:5432", List.of(), List.of(), List.of());
        VerificationCompleted completed = new VerificationCompleted(UUID.randomUUID(), instance, at, point, evidence);
        KafkaProbe.send(completed, json.writeValueAsString(completed));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.get(instance)
                .body("lastVerification.jobId", equalTo(job.toString())));
    }

    private void runTwoReplicasAtOnce() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> run(together));
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> run(together));
        a.get();
        b.get();
    }

    private Integer run(CyclicBarrier together) {
        try {
            together.await();
            return VertxContextSupport.subscribeAndAwait(() -> scheduler.runOnce());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops protection and waits for its command: everything published before it has arrived by then. */
    private static List<String> commandsUntilStopped(UUID instance) {
        Api.stop(instance, "RETAIN_AS_PER_POLICY").statusCode(200);
        Commands.await(instance, ProtectionStopped.class, 1);
        return Commands.typesOf(instance);
    }

    @Test
    void theNewestPointIsVerifiedOncePerPeriodWithoutNewBackupsAndNotAgainWhileOneIsInFlight() throws Exception {
        UUID instance = dailyVerifiedInstance("restore-lab");
        Instant now = TestClock.CLOCK.instant();
        UUID older = UUID.randomUUID();
        UUID newest = UUID.randomUUID();
        pointCreated(instance, older, now.minus(Duration.ofDays(2)));
        pointCreated(instance, newest, now.minus(Duration.ofDays(1)));

        // never verified: due at once, once however many replicas and runs
        runTwoReplicasAtOnce();
        runTwoReplicasAtOnce();
        List<JsonNode> requested = Commands.await(instance, VerifyRequested.class, 1);
        JsonNode first = requested.get(0);
        assertThat(first.path("recoveryPointId").asText()).isEqualTo(newest.toString());
        assertThat(first.path("trigger").asText()).isEqualTo("SCHEDULED");
        assertThat(first.path("target").asText()).isEqualTo("restore-lab");

        // still queued or running 23 hours later (no VerificationCompleted yet): not asked again
        TestClock.CLOCK.set(now.plus(Duration.ofHours(23)));
        runTwoReplicasAtOnce();

        // it verified an hour after the request; the next is due a day after that, not before, with no new backup
        UUID firstJob = UUID.fromString(first.path("jobId").asText());
        Instant verifiedAt = now.plus(Duration.ofHours(1));
        verified(instance, newest, firstJob, verifiedAt);
        TestClock.CLOCK.set(verifiedAt.plus(Duration.ofDays(1)).minusSeconds(1));
        runTwoReplicasAtOnce();
        TestClock.CLOCK.set(verifiedAt.plus(Duration.ofDays(1)).plusSeconds(1));
        runTwoReplicasAtOnce();
        runTwoReplicasAtOnce();

        assertThat(commandsUntilStopped(instance))
                .containsExactly("VerifyRequested", "VerifyRequested", "ProtectionStopped");
        List<JsonNode> both = Commands.await(instance, VerifyRequested.class, 2);
        assertThat(both.get(1).path("recoveryPointId").asText()).isEqualTo(newest.toString());
        assertThat(both.get(1).path("jobId").asText()).isNotEqualTo(firstJob.toString());
        io.restassured.RestAssured.given().when().get("/api/v1/backup-instances/" + instance + "/activity")
                .then().body("action", org.hamcrest.Matchers.hasItem("SCHEDULED_VERIFICATION"));
    }

    @Test
    void anInstanceWithoutAKnownPointOrWithVerificationOffIsNotVerified() throws Exception {
        UUID withoutPoint = dailyVerifiedInstance(null);
        UUID off = Api.protect(Api.createPolicy());
        pointCreated(off, UUID.randomUUID(), TestClock.CLOCK.instant().minus(Duration.ofDays(3)));

        TestClock.CLOCK.set(TestClock.CLOCK.instant().plus(Duration.ofDays(3)));
        runTwoReplicasAtOnce();

        assertThat(commandsUntilStopped(withoutPoint)).containsExactly("ProtectionStopped");
        assertThat(commandsUntilStopped(off)).containsExactly("ProtectionStopped");
    }
}
