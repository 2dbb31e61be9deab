package io.pgvault.retention.protection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.StopMode;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.ProtectionResumed;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.contracts.retention.RecoveryPointDeleted;
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
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class ProtectionTest extends RetentionTestBase {

    private static void awaitHolds(UUID point, int count) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> given()
                .get("/api/v1/recovery-points/{id}", point).<List<?>>path("holds").size() == count);
    }

    private static List<ConsumerRecord<String, String>> of(UUID instance, Class<?> type) {
        return KafkaProbe.readAll(Topics.RETENTION_EVENTS, instance).stream()
                .filter(r -> EventTypes.typeOf(type.asSubclass(io.pgvault.contracts.Event.class))
                        .equals(KafkaProbe.type(r)))
                .toList();
    }

    @Test
    void retainForeverKeepsEveryPointUntilResumeThenExpiredPointsGoAndLiveOnesStay() {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant();
        UUID p1 = Backups.backup(root(), instance, t0, Backups.daily());
        UUID p2 = Backups.backup(root(), instance, t0.plusSeconds(60), Backups.daily());
        UUID p3 = Backups.backup(root(), instance, t0.plusSeconds(120), Backups.policy("month", 1, "P30D"));

        ProtectionStopped stop = new ProtectionStopped(UUID.randomUUID(), instance, t0, StopMode.RETAIN_FOREVER,
                "migrating", "back next month");
        Backups.send(stop);
        Backups.send(stop); // redelivered: still one hold per point
        for (UUID p : List.of(p1, p2, p3)) {
            awaitHolds(p, 1);
        }
        given().get("/api/v1/recovery-points/{id}", p1).then().body("holds[0].kind", equalTo("RETAIN_FOREVER"))
                .body("holds[0].createdBy", equalTo("instance-service"));

        CLOCK.advance(Duration.ofDays(2));
        sweep();
        assertThat(List.of(p1, p2, p3)).allMatch(p -> Backups.state(p).equals("LIVE"));

        Backups.send(new ProtectionResumed(UUID.randomUUID(), instance, CLOCK.instant(), Backups.daily()));
        awaitHolds(p1, 0);
        sweep();
        assertThat(Backups.state(p1)).isEqualTo("DELETED");
        assertThat(Backups.state(p2)).isEqualTo("DELETED");
        assertThat(Backups.state(p3)).isEqualTo("LIVE");
    }

    @Test
    void retainAsPerPolicyLetsPointsExpireButHoldsTheLatest() {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant();
        UUID p1 = Backups.backup(root(), instance, t0, Backups.daily());
        UUID p2 = Backups.backup(root(), instance, t0.plusSeconds(60), Backups.daily());

        Backups.send(new ProtectionStopped(UUID.randomUUID(), instance, t0, StopMode.RETAIN_AS_PER_POLICY, "pause",
                null));
        awaitHolds(p2, 1);
        given().get("/api/v1/recovery-points/{id}", p2).then().body("holds[0].kind", equalTo("LATEST"))
                .body("holds[0].createdBy", equalTo("instance-service"));
        given().get("/api/v1/recovery-points/{id}", p1).then().body("holds", hasSize(0));

        CLOCK.advance(Duration.ofDays(2));
        sweep();
        assertThat(Backups.state(p1)).isEqualTo("DELETED");
        given().get("/api/v1/recovery-points/{id}", p2).then()
                .body("state", equalTo("LIVE"))
                .body("explanation.reasons", hasItem("held by LATEST (protection-stopped) until released"));
    }

    @Test
    void deleteDataDeletesEveryPointAtOnceExceptOneBeingRestoredThenReportsThePurge() throws Exception {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant();
        UUID restoring = Backups.backup(root(), instance, t0, Backups.policy("month", 1, "P30D"));
        UUID pinned = Backups.backup(root(), instance, t0.plusSeconds(60), Backups.policy("month", 1, "P30D"));
        given().post("/api/v1/recovery-points/{id}/pin", pinned).then().statusCode(200);
        String holdId = asService().contentType(ContentType.JSON).body("""
                {"kind":"RESTORE","owner":"job-7","instanceId":"%s","leaseSeconds":600}""".formatted(instance))
                .post("/api/v1/recovery-points/{id}/holds", restoring).then().statusCode(201).extract().path("id");

        Backups.send(new ProtectionStopped(UUID.randomUUID(), instance, t0, StopMode.DELETE_DATA, "decommissioned",
                "no longer needed"));
        Backups.awaitState(pinned, "DELETED");
        given().get("/api/v1/recovery-points/{id}", pinned).then().body("deleteReason", equalTo("PROTECTION_STOPPED"));
        assertThat(Backups.state(restoring)).isEqualTo("LIVE");
        sweep();
        assertThat(Backups.state(restoring)).isEqualTo("LIVE");
        assertThat(of(instance, InstanceDataPurged.class)).isEmpty();

        asService().delete("/api/v1/recovery-points/{id}/holds/{holdId}", restoring, holdId).then().statusCode(204);
        sweep();
        assertThat(Backups.state(restoring)).isEqualTo("DELETED");
        List<ConsumerRecord<String, String>> purged = KafkaProbe.await(Topics.RETENTION_EVENTS, 1,
                Duration.ofSeconds(20), r -> instance.toString().equals(r.key())
                        && EventTypes.typeOf(InstanceDataPurged.class).equals(KafkaProbe.type(r)));
        assertThat(Backups.JSON.readValue(purged.get(0).value(), InstanceDataPurged.class).pointsDeleted())
                .isEqualTo(2);
        List<ConsumerRecord<String, String>> deleted = of(instance, RecoveryPointDeleted.class);
        assertThat(deleted).hasSize(2);
        assertThat(Backups.JSON.readValue(deleted.get(1).value(), RecoveryPointDeleted.class).livePoints()).isZero();
        assertThat(filesExist(instance, pinned)).isTrue(); // soft delete: files stay for the grace period
    }

    @Test
    void deletingTheInstanceDeletesEveryPointAndAfterTheGracePeriodPurgesThemAndPublishesInstanceDataPurged()
            throws Exception {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant();
        UUID p1 = Backups.backup(root(), instance, t0, Backups.policy("year", 1, "P1Y"));
        UUID p2 = Backups.backup(root(), instance, t0.plusSeconds(60), Backups.policy("year", 1, "P1Y"));

        Backups.send(new InstanceDeleted(UUID.randomUUID(), instance, t0, "db-1", "server retired", "confirmed"));
        Backups.awaitState(p1, "DELETED");
        Backups.awaitState(p2, "DELETED");
        given().get("/api/v1/recovery-points/{id}", p1).then()
                .body("state", equalTo("DELETED")).body("deleteReason", equalTo("INSTANCE_DELETED"));
        given().post("/api/v1/recovery-points/{id}/undelete", p1).then().statusCode(409);
        assertThat(filesExist(instance, p1)).isTrue();
        sweep();
        // the instance can be undeleted during the grace period: its data is not purged yet
        assertThat(io.pgvault.retention.support.Vault.deletionPurged(instance)).isFalse();

        CLOCK.advance(Duration.ofDays(15));
        sweep();
        assertThat(Backups.state(p1)).isEqualTo("PURGED");
        assertThat(Backups.state(p2)).isEqualTo("PURGED");
        assertThat(filesExist(instance, p1)).isFalse();
        assertThat(store.directoryOf(instance, p2)).doesNotExist();
        sweep();
        List<ConsumerRecord<String, String>> purged = KafkaProbe.await(Topics.RETENTION_EVENTS, 1,
                Duration.ofSeconds(20), r -> instance.toString().equals(r.key())
                        && EventTypes.typeOf(InstanceDataPurged.class).equals(KafkaProbe.type(r)));
        assertThat(Backups.JSON.readValue(purged.get(0).value(), InstanceDataPurged.class).pointsDeleted())
                .isEqualTo(2);
    }
}
