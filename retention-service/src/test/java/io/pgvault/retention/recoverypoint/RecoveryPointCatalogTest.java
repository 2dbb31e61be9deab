package io.pgvault.retention.recoverypoint;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.RetentionRule;
import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.contracts.instance.PolicyChanged;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.contracts.retention.RecoveryPointCreated;
import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class RecoveryPointCatalogTest extends RetentionTestBase {

    @Test
    void aBackupsJobSucceededRecordsItsPointWithTheExpiryItWasBornWith() throws Exception {
        UUID instance = UUID.randomUUID();
        Instant at = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        var policy = Backups.policy("weekly-12w", 3, "P7D", new RetentionRule(RetentionTag.WEEKLY, "P12W"));
        JobSucceeded first = Backups.succeeded(root(), instance, at, policy);
        Backups.send(first);
        Backups.awaitPoint(first.recoveryPointId());

        given().get("/api/v1/recovery-points/{id}", first.recoveryPointId()).then().statusCode(200)
                .body("id", equalTo(first.recoveryPointId().toString()))
                .body("instanceId", equalTo(instance.toString()))
                .body("jobId", equalTo(first.jobId().toString()))
                .body("createdAt", equalTo(at.toString()))
                .body("tag", equalTo("WEEKLY"))
                .body("expiresAt", equalTo(at.plus(84, ChronoUnit.DAYS).toString()))
                .body("retainedForever", equalTo(false))
                .body("state", equalTo("LIVE"))
                .body("sizeBytes", equalTo((int) first.manifest().totalBytes()))
                .body("policyName", equalTo("weekly-12w"))
                .body("policyVersion", equalTo(3))
                .body("holds", hasSize(0))
                .body("artifacts.name", contains("db-1.dump"))
                .body("manifest.recoveryPointId", equalTo(first.recoveryPointId().toString()))
                .body("explanation.verdict", equalTo("KEPT"))
                .body("explanation.rule.tag", equalTo("WEEKLY"))
                .body("explanation.rule.duration", equalTo("P12W"))
                .body("explanation.birthExpiresAt", equalTo(at.plus(84, ChronoUnit.DAYS).toString()))
                .body("explanation.floor.protectedByFloor", equalTo(true))
                .body("explanation.summary", equalTo("Kept at least until " + at.plus(84, ChronoUnit.DAYS)
                        + " by its WEEKLY rule P12W, and after that for as long as it is one of the newest 1 live point(s)"
                        + " of its instance, which are never swept"));

        // A second point the same week gets the default rule, and the first leaves the floor.
        UUID second = Backups.backup(root(), instance, at.plusSeconds(3600), policy);
        given().get("/api/v1/recovery-points/{id}", second).then()
                .body("tag", equalTo("DEFAULT"))
                .body("expiresAt", equalTo(at.plusSeconds(3600).plus(7, ChronoUnit.DAYS).toString()));
        given().get("/api/v1/recovery-points/{id}", first.recoveryPointId()).then()
                .body("explanation.floor.newerLivePoints", equalTo(1))
                .body("explanation.floor.protectedByFloor", equalTo(false))
                .body("explanation.earliestDeletionAt", equalTo(at.plus(84, ChronoUnit.DAYS).toString()));

        List<ConsumerRecord<String, String>> created = KafkaProbe.await(Topics.RETENTION_EVENTS, 2,
                Duration.ofSeconds(20), r -> instance.toString().equals(r.key())
                        && EventTypes.typeOf(RecoveryPointCreated.class).equals(KafkaProbe.type(r)));
        RecoveryPointCreated event = Backups.JSON.readValue(created.get(0).value(), RecoveryPointCreated.class);
        assertThat(event.recoveryPointId()).isEqualTo(first.recoveryPointId());
        assertThat(event.tag()).isEqualTo(RetentionTag.WEEKLY);
        assertThat(event.expiresAt()).isEqualTo(at.plus(84, ChronoUnit.DAYS));
        assertThat(event.livePoints()).isEqualTo(1);
        assertThat(Backups.JSON.readValue(created.get(1).value(), RecoveryPointCreated.class).livePoints()).isEqualTo(2);
    }

    @Test
    void redeliveredEventsChangeNothing() {
        UUID instance = UUID.randomUUID();
        JobSucceeded event = Backups.succeeded(root(), instance, CLOCK.instant(), Backups.daily());
        Backups.send(event);
        Backups.send(event); // the same message again
        // The same point reported under another event id (a producer retry) is recorded once too.
        Backups.send(new JobSucceeded(UUID.randomUUID(), instance, event.occurredAt(), event.jobId(),
                event.operation(), event.trigger(), event.startedAt(), event.finishedAt(), event.bytes(),
                event.recoveryPointId(), Backups.policy("other", 9, "P99D"), event.manifest()));
        // A later point proves the three before it were consumed (one partition per instance).
        UUID marker = Backups.backup(root(), instance, CLOCK.instant().plusSeconds(1), Backups.daily());

        given().get("/api/v1/backup-instances/{id}/recovery-points", instance).then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", contains(marker.toString(), event.recoveryPointId().toString()))
                .body("items[1].policyName", equalTo("daily"));
        // The outbox relays in commit order: once the marker's event is out, any duplicate would be too.
        KafkaProbe.await(Topics.RETENTION_EVENTS, 1, Duration.ofSeconds(20),
                r -> instance.toString().equals(r.key()) && r.value().contains(marker.toString()));
        long created = KafkaProbe.readAll(Topics.RETENTION_EVENTS, instance).stream()
                .filter(r -> EventTypes.typeOf(RecoveryPointCreated.class).equals(KafkaProbe.type(r))).count();
        assertThat(created).isEqualTo(2);
    }

    @Test
    void aPolicyChangeNeverTouchesExistingPoints() {
        UUID instance = UUID.randomUUID();
        Instant at = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        var before = Backups.policy("keep-30d", 1, "P30D");
        var after = Backups.policy("keep-30d", 2, "P2D");
        UUID old = Backups.backup(root(), instance, at, before);

        Backups.send(new PolicyChanged(UUID.randomUUID(), instance, at.plusSeconds(10), before, after));
        UUID fresh = Backups.backup(root(), instance, at.plusSeconds(20), after);

        given().get("/api/v1/recovery-points/{id}", old).then()
                .body("expiresAt", equalTo(at.plus(30, ChronoUnit.DAYS).toString()))
                .body("policyVersion", equalTo(1))
                .body("explanation.rule.duration", equalTo("P30D"));
        given().get("/api/v1/recovery-points/{id}", fresh).then()
                .body("expiresAt", equalTo(at.plusSeconds(20).plus(2, ChronoUnit.DAYS).toString()))
                .body("policyVersion", equalTo(2));
    }

    @Test
    void anInstancesPointsAreListedNewestFirstFilteredByTimeAndPaged() {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        UUID p0 = Backups.backup(root(), instance, t0, Backups.daily());
        UUID p1 = Backups.backup(root(), instance, t0.plusSeconds(60), Backups.daily());
        UUID p2 = Backups.backup(root(), instance, t0.plusSeconds(120), Backups.daily());

        given().get("/api/v1/backup-instances/{id}/recovery-points", instance).then().statusCode(200)
                .body("items.id", contains(p2.toString(), p1.toString(), p0.toString()))
                .body("total", equalTo(3));
        given().queryParam("from", t0.plusSeconds(60).toString()).queryParam("to", t0.plusSeconds(120).toString())
                .get("/api/v1/backup-instances/{id}/recovery-points", instance).then()
                .body("items.id", contains(p1.toString()));
        given().queryParam("size", 2).queryParam("page", 1)
                .get("/api/v1/backup-instances/{id}/recovery-points", instance).then()
                .body("items.id", contains(p0.toString()))
                .body("page", equalTo(1)).body("size", equalTo(2)).body("total", equalTo(3));
        given().queryParam("from", "yesterday").get("/api/v1/backup-instances/{id}/recovery-points", instance)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("from"));
    }

    @Test
    void anUnknownPointIsNotFound() {
        given().get("/api/v1/recovery-points/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aBackupWithoutAPolicyIsKeptForeverRatherThanLost() {
        UUID instance = UUID.randomUUID();
        JobSucceeded event = Backups.succeeded(root(), instance, CLOCK.instant(), null);
        Backups.send(event);
        Backups.awaitPoint(event.recoveryPointId());

        given().get("/api/v1/recovery-points/{id}", event.recoveryPointId()).then()
                .body("expiresAt", nullValue())
                .body("retainedForever", equalTo(true))
                .body("explanation.rule.reason", equalTo("kept forever: the backup carried no retention policy"));
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopic() throws Exception {
        UUID instance = UUID.randomUUID();
        KafkaProbe.send(Topics.JOB_EVENTS, instance.toString(), EventTypes.typeOf(JobSucceeded.class),
                UUID.randomUUID().toString(), "{not json");

        List<ConsumerRecord<String, String>> dead = KafkaProbe.await(Topics.dlq(Topics.JOB_EVENTS), 1,
                Duration.ofSeconds(20), r -> instance.toString().equals(r.key()));
        assertThat(dead.get(0).value()).isEqualTo("{not json");
        // The partition is not blocked: a later backup of the same instance is recorded.
        UUID after = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        JsonNode node = Backups.JSON.readTree(given().get("/api/v1/recovery-points/{id}", after).asString());
        assertThat(node.get("state").asText()).isEqualTo("LIVE");
    }

    @Test
    void instantsOutsideYearsOneTo9999AndUnknownStatesAre400sNamingTheField() {
        UUID instance = UUID.randomUUID();
        UUID point = Backups.backup(root(), instance, CLOCK.instant().truncatedTo(ChronoUnit.SECONDS), Backups.daily());
        given().urlEncodingEnabled(false)
                .get("/api/v1/backup-instances/{instanceId}/recovery-points?from=%2B300000-01-01T00:00:00Z", instance)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("from"));
        given().get("/api/v1/backup-instances/{instanceId}/recovery-points?state=GONE", instance)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("state"));
        given().queryParam("at", "-4713-01-01T00:00:00Z").get("/api/v1/retention/preview")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("at"));
        given().contentType(ContentType.JSON).body("{\"expiresAt\":\"+300000-01-01T00:00:00Z\"}")
                .post("/api/v1/recovery-points/{id}/extend", point).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("expiresAt"));
        String birth = given().get("/api/v1/recovery-points/{id}", point).then().statusCode(200)
                .extract().path("birthExpiresAt");
        given().get("/api/v1/recovery-points/{id}", point).then().body("expiresAt", equalTo(birth));
    }
}
