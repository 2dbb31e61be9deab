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
        Vault.set(Immutability.DISABLED, null);
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
                null, "P14D", false, "mallory", null));
        Vault.set(Immutability.DISABLED, null);
        given().get("/api/v1/vault").then().body("softDeleteGracePeriod", equalTo("PT720H"));
        Vault.set(Immutability.DISABLED, "P14D");
    }

    private static boolean purged(UUID instance) {
        return KafkaProbe.readAll(Topics.RETENTION_EVENTS, instance).stream()
                .anyMatch(r -> EventTypes.typeOf(InstanceDataPurged.class).equals(KafkaProbe.type(r)));
    }
}
