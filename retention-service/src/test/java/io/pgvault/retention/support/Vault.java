package io.pgvault.retention.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.pgvault.contracts.common.Immutability;
import io.pgvault.contracts.instance.VaultSettingsChanged;
import io.pgvault.testinfra.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Sets the vault as instance-service does (a VaultSettingsChanged on instance-commands), and edits rows by hand. */
public final class Vault {

    private Vault() {
    }

    /** Publishes the change and waits until the service applied it. */
    public static void set(Immutability immutability, String grace) {
        set(immutability, grace, false, null);
    }

    /** Publishes the change, with multi-user authorization and a floor (null: unchanged), and waits for it. */
    public static void set(Immutability immutability, String grace, boolean mua, Integer floor) {
        Backups.send(new VaultSettingsChanged(UUID.randomUUID(), VaultSettingsChanged.VAULT, Instant.now(), immutability,
                null, null, grace, mua, floor, "test-admin", null));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var body = given().get("/api/v1/vault").then().statusCode(200).extract();
            return immutability.name().equals(body.path("immutability"))
                    && (grace == null || Duration.parse(grace).toString().equals(body.path("softDeleteGracePeriod")))
                    && Boolean.valueOf(mua).equals(body.path("multiUserAuthorization"))
                    && (floor == null || floor.equals(body.path("floor")));
        });
    }

    /** Waits until the service recorded a data deletion of the instance (it consumed the command). */
    public static void awaitDeletionRequested(UUID instanceId) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl("pgvault_retention"), TestInfra.pgUser(),
                    TestInfra.pgPassword());
                    PreparedStatement q = c.prepareStatement("select 1 from instance_deletion where instance_id = ?")) {
                q.setObject(1, instanceId);
                return q.executeQuery().next();
            }
        });
    }

    /** Whether the instance's data deletion is done (InstanceDataPurged written to the outbox). */
    public static boolean deletionPurged(UUID instanceId) {
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl("pgvault_retention"), TestInfra.pgUser(),
                TestInfra.pgPassword());
                PreparedStatement q = c.prepareStatement(
                        "select 1 from instance_deletion where instance_id = ? and purged_at is not null")) {
            q.setObject(1, instanceId);
            return q.executeQuery().next();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until the service's inbox has processed the message with this event id. */
    public static void awaitProcessed(UUID eventId) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl("pgvault_retention"), TestInfra.pgUser(),
                    TestInfra.pgPassword());
                    PreparedStatement q = c.prepareStatement("select 1 from processed_message where event_id = ?")) {
                q.setObject(1, eventId);
                return q.executeQuery().next();
            }
        });
    }

    /** What a hand in psql could do: moves a point's current and birth expiry to {@code at}. */
    public static void editExpiries(UUID pointId, Instant at) {
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl("pgvault_retention"), TestInfra.pgUser(),
                TestInfra.pgPassword());
                PreparedStatement update = c.prepareStatement(
                        "update recovery_point set birth_expires_at = ?, expires_at = ? where id = ?")) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setTimestamp(2, Timestamp.from(at));
            update.setObject(3, pointId);
            if (update.executeUpdate() != 1) {
                throw new AssertionError("no recovery point " + pointId);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
