package io.pgvault.retention.vault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.Immutability;
import io.pgvault.contracts.common.StopMode;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.retention.support.Vault;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The vault under ENABLED, as this service applies it: what it keeps, at the moment of deletion too. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class ImmutabilityTest extends RetentionTestBase {

    @AfterEach
    void disable() {
        Vault.set(Immutability.DISABLED, null, false, 1);
    }

    @Test
    void theFloorComesFromTheVaultAndAnImmutableVaultNeverLowersIt() {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant();
        UUID oldest = Backups.backup(root(), instance, t0, Backups.daily());
        UUID middle = Backups.backup(root(), instance, t0.plusSeconds(1), Backups.daily());
        UUID newest = Backups.backup(root(), instance, t0.plusSeconds(2), Backups.daily());
        Vault.set(Immutability.DISABLED, null, false, 2);
        CLOCK.advance(Duration.ofDays(2));

        sweep();
        assertThat(Backups.state(oldest)).isEqualTo("DELETED");
        assertThat(Backups.state(middle)).isEqualTo("LIVE");
        assertThat(Backups.state(newest)).isEqualTo("LIVE");
        given().get("/api/v1/recovery-points/{id}", middle).then().body("explanation.floor.size", equalTo(2))
                .body("explanation.floor.protectedByFloor", equalTo(true));

        Vault.set(Immutability.ENABLED, null, false, null);
        UUID lower = UUID.randomUUID();
        Backups.send(new io.pgvault.contracts.instance.VaultSettingsChanged(lower,
                io.pgvault.contracts.instance.VaultSettingsChanged.VAULT, Instant.now(), Immutability.ENABLED, null,
                null, null, false, 1, "mallory", null));
        Vault.awaitProcessed(lower);
        given().get("/api/v1/vault").then().body("floor", equalTo(2));
        Vault.set(Immutability.DISABLED, null);
        sweep();
        assertThat(Backups.state(middle)).isEqualTo("LIVE");
    }

    @Test
    void purgingBeforeTheGracePeriodIsRefusedUnderImmutabilityAndUnderMultiUserAuthorizationAndChangesNothing() {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant();
        UUID old = Backups.backup(root(), instance, t0, Backups.daily());
        UUID live = Backups.backup(root(), instance, t0.plusSeconds(1), Backups.daily());
        CLOCK.advance(Duration.ofDays(2));
        sweep();
        assertThat(Backups.state(old)).isEqualTo("DELETED");

        Vault.set(Immutability.ENABLED, null);
        given().post("/api/v1/recovery-points/{id}/purge", old).then().statusCode(409)
                .contentType("application/problem+json")
                .body("setting", equalTo("immutability")).body("immutability", equalTo("ENABLED"))
                .body("recoveryPointId", equalTo(old.toString()))
                .body("detail", containsString("before its grace period ends"));
        Vault.set(Immutability.DISABLED, null, true, null);
        given().post("/api/v1/recovery-points/{id}/purge", old).then().statusCode(409)
                .body("setting", equalTo("multiUserAuthorization"))
                .body("requestAt", containsString("instance-service"));
        assertThat(Backups.state(old)).isEqualTo("DELETED");
        assertThat(filesExist(instance, old)).isTrue();

        Vault.set(Immutability.DISABLED, null);
        given().auth().oauth2(io.pgvault.testinfra.auth.TestTokens.forRoles("olga", "backup-operator"))
                .post("/api/v1/recovery-points/{id}/purge", old).then().statusCode(403);
        given().post("/api/v1/recovery-points/{id}/purge", live).then().statusCode(409)
                .body("currentState", equalTo("LIVE"));
        given().post("/api/v1/recovery-points/{id}/purge", old).then().statusCode(200)
                .body("state", equalTo("PURGED"));
        assertThat(Backups.state(old)).isEqualTo("PURGED");
        assertThat(filesExist(instance, old)).isFalse();
        given().post("/api/v1/recovery-points/{id}/undelete", old).then().statusCode(409);
    }

    @Test
    void underMultiUserAuthorizationAUsersUnpinIsRefusedAndOnlyTheApprovedCommandUnpins() {
        UUID instance = UUID.randomUUID();
        UUID pinned = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        UUID kept = Backups.backup(root(), instance, CLOCK.instant().plusSeconds(1), Backups.daily());
        given().post("/api/v1/recovery-points/{id}/pin", pinned).then().statusCode(200);
        given().post("/api/v1/recovery-points/{id}/pin", kept).then().statusCode(200);
        Vault.set(Immutability.DISABLED, null, true, null);

        given().delete("/api/v1/recovery-points/{id}/pin", pinned).then().statusCode(409)
                .contentType("application/problem+json")
                .body("setting", equalTo("multiUserAuthorization"))
                .body("recoveryPointId", equalTo(pinned.toString()));
        given().get("/api/v1/recovery-points/{id}", pinned).then().body("holds", hasSize(1));

        UUID approved = UUID.randomUUID();
        Backups.send(new io.pgvault.contracts.instance.PinRemovalApproved(approved, instance, CLOCK.instant(), pinned,
                "test-admin", "bob-approver"));
        Vault.awaitProcessed(approved);
        given().get("/api/v1/recovery-points/{id}", pinned).then().body("holds", hasSize(0));

        // approved, but the vault became immutable before it arrived: the pin stays
        Vault.set(Immutability.ENABLED, null, true, null);
        UUID late = UUID.randomUUID();
        Backups.send(new io.pgvault.contracts.instance.PinRemovalApproved(late, instance, CLOCK.instant(), kept,
                "test-admin", "bob-approver"));
        Vault.awaitProcessed(late);
        given().get("/api/v1/recovery-points/{id}", kept).then().body("holds", hasSize(1));
        Vault.set(Immutability.DISABLED, null);
        given().delete("/api/v1/recovery-points/{id}/pin", kept).then().statusCode(200);
    }

    @Test
    void aPurgeRequestedForADeletedInstancePurgesItNowAndReportsItsDataPurgedOnce() {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant();
        UUID p1 = Backups.backup(root(), instance, t0, Backups.policy("year", 1, "P1Y"));
        UUID p2 = Backups.backup(root(), instance, t0.plusSeconds(1), Backups.policy("year", 1, "P1Y"));
        Backups.send(new io.pgvault.contracts.instance.InstanceDeleted(UUID.randomUUID(), instance, CLOCK.instant(),
                "db-9", "NO_LONGER_NEEDED", null));
        Backups.awaitState(p1, "DELETED");
        Backups.awaitState(p2, "DELETED");

        // an ENABLED vault purges nothing early, even with the command
        Vault.set(Immutability.ENABLED, null);
        UUID refused = UUID.randomUUID();
        Backups.send(new io.pgvault.contracts.instance.PurgeRequested(refused, instance, CLOCK.instant(), null,
                "test-admin", "bob-approver"));
        Vault.awaitProcessed(refused);
        assertThat(Backups.state(p1)).isEqualTo("DELETED");
        assertThat(filesExist(instance, p1)).isTrue();

        Vault.set(Immutability.DISABLED, null);
        UUID purge = UUID.randomUUID();
        var command = new io.pgvault.contracts.instance.PurgeRequested(purge, instance, CLOCK.instant(), null,
                "test-admin", "bob-approver");
        Backups.send(command);
        Backups.send(command);
        Backups.awaitState(p1, "PURGED");
        Backups.awaitState(p2, "PURGED");
        assertThat(filesExist(instance, p1)).isFalse();
        assertThat(filesExist(instance, p2)).isFalse();
        KafkaProbe.await(Topics.RETENTION_EVENTS, 1, Duration.ofSeconds(20), r -> instance.toString().equals(r.key())
                && EventTypes.typeOf(InstanceDataPurged.class).equals(KafkaProbe.type(r)));
        assertThat(KafkaProbe.readAll(Topics.RETENTION_EVENTS, instance).stream()
                .filter(r -> EventTypes.typeOf(InstanceDataPurged.class).equals(KafkaProbe.type(r))).count())
                .isEqualTo(1);
    }

    @Test
    void theSweepDoesNotDeleteAnUnexpiredPointEvenWhenItsRowIsEditedToLookDeletable() {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        UUID edited = Backups.backup(root(), instance, t0, Backups.policy("month", 1, "P30D"));
        Backups.backup(root(), instance, t0.plusSeconds(1), Backups.policy("month", 1, "P30D"));
        Vault.set(Immutability.ENABLED, null);
        Vault.editExpiries(edited, t0.minus(Duration.ofDays(1)));
        CLOCK.advance(Duration.ofDays(2));

        sweep();
        assertThat(Backups.state(edited)).isEqualTo("LIVE");
        assertThat(filesExist(instance, edited)).isTrue();
        given().get("/api/v1/recovery-points/{id}", edited).then()
                .body("explanation.verdict", equalTo("KEPT"))
                .body("explanation.immutability", equalTo("kept until its expiry " + t0.plus(Duration.ofDays(30))
                        + "; the vault is immutable"));

        // the same row with the vault DISABLED goes: the edit alone would have deleted it
        Vault.set(Immutability.DISABLED, null);
        sweep();
        assertThat(Backups.state(edited)).isEqualTo("DELETED");
    }

    @Test
    void removingAPinIsRefusedAndChangesNothing() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID pinned = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        Backups.backup(root(), instance, CLOCK.instant().plusSeconds(1), Backups.daily());
        given().post("/api/v1/recovery-points/{id}/pin", pinned).then().statusCode(200);
        Vault.set(Immutability.ENABLED, null);
        byte[] before = Files.readAllBytes(store.directoryOf(instance, pinned).resolve("db-1.dump"));

        given().delete("/api/v1/recovery-points/{id}/pin", pinned).then().statusCode(409)
                .contentType("application/problem+json")
                .body("setting", equalTo("immutability"))
                .body("immutability", equalTo("ENABLED"))
                .body("recoveryPointId", equalTo(pinned.toString()))
                .body("detail", containsString("the vault is immutable"));
        given().post("/api/v1/recovery-points/{id}/unpin", pinned).then().statusCode(409);

        given().get("/api/v1/recovery-points/{id}", pinned).then().body("state", equalTo("LIVE"))
                .body("holds", hasSize(1)).body("holds[0].kind", equalTo("PIN"));
        CLOCK.advance(Duration.ofDays(2));
        sweep();
        assertThat(Backups.state(pinned)).isEqualTo("LIVE");
        assertThat(Files.readAllBytes(store.directoryOf(instance, pinned).resolve("db-1.dump"))).isEqualTo(before);

        Vault.set(Immutability.DISABLED, null);
        given().delete("/api/v1/recovery-points/{id}/pin", pinned).then().statusCode(200);
    }

    @Test
    void deleteDataKeepsEveryUnexpiredPointUntilItsExpiryAndPurgesAfter() {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        UUID first = Backups.backup(root(), instance, t0, Backups.daily());
        UUID second = Backups.backup(root(), instance, t0.plusSeconds(1), Backups.policy("three", 1, "P3D"));
        Vault.set(Immutability.ENABLED, null);

        Backups.send(new ProtectionStopped(UUID.randomUUID(), instance, CLOCK.instant(), StopMode.DELETE_DATA,
                "NO_LONGER_NEEDED", null));
        Vault.awaitDeletionRequested(instance);
        sweep();
        assertThat(Backups.state(first)).isEqualTo("LIVE");
        assertThat(Backups.state(second)).isEqualTo("LIVE");
        given().get("/api/v1/backup-instances/{id}/immutability", instance).then().statusCode(200)
                .body("immutability", equalTo("ENABLED")).body("heldPoints", equalTo(2))
                .body("keptUntil", equalTo(t0.plusSeconds(1).plus(Duration.ofDays(3)).toString()));

        CLOCK.advance(Duration.ofDays(2));
        sweep();
        assertThat(Backups.state(first)).isEqualTo("DELETED");
        assertThat(Backups.state(second)).isEqualTo("LIVE");
        assertThat(purged(instance)).isFalse();

        CLOCK.advance(Duration.ofDays(2));
        sweep();
        // the newest point, which the floor keeps from the sweep, goes with the instance's data at its expiry
        assertThat(Backups.state(second)).isEqualTo("DELETED");
        KafkaProbe.await(Topics.RETENTION_EVENTS, 1, Duration.ofSeconds(20), r -> instance.toString().equals(r.key())
                && EventTypes.typeOf(InstanceDataPurged.class).equals(KafkaProbe.type(r)));
    }

    @Test
    void aChangeThatShortensTheGracePeriodOfAnImmutableVaultIsNotApplied() {
        Vault.set(Immutability.ENABLED, "P30D");
        Vault.set(Immutability.ENABLED, null);
        Backups.send(new io.pgvault.contracts.instance.VaultSettingsChanged(UUID.randomUUID(),
                io.pgvault.contracts.instance.VaultSettingsChanged.VAULT, Instant.now(), Immutability.ENABLED, null,
                null, "P14D", false, null, "mallory", null));
        Vault.set(Immutability.DISABLED, null);
        given().get("/api/v1/vault").then().body("softDeleteGracePeriod", equalTo("PT720H"));
        Vault.set(Immutability.DISABLED, "P14D");
    }

    private static boolean purged(UUID instance) {
        return KafkaProbe.readAll(Topics.RETENTION_EVENTS, instance).stream()
                .anyMatch(r -> EventTypes.typeOf(InstanceDataPurged.class).equals(KafkaProbe.type(r)));
    }
}
