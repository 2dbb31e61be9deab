package io.pgvault.retention.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.common.RetentionRule;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.testinfra.KafkaProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Publishes what job-service and instance-service publish, and lays points into the test store. */
public final class Backups {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Backups() {
    }

    /** UTC, one day by default, no tagged rules: every point lives exactly one day. */
    public static PolicySnapshot daily() {
        return policy("daily", 1, "P1D");
    }

    public static PolicySnapshot policy(String name, int version, String defaultRule, RetentionRule... tagged) {
        return new PolicySnapshot(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)), name, version,
                "UTC", defaultRule, List.of(tagged));
    }

    /**
     * A backup's JobSucceeded for a new point finished at {@code at}, with its directory in the store (its
     * manifest carrying the policy, as job-service writes it).
     */
    public static JobSucceeded succeeded(Path storeRoot, UUID instanceId, Instant at, PolicySnapshot policy) {
        UUID point = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        byte[] dump = ("dump of " + point).getBytes(StandardCharsets.UTF_8);
        RecoveryPointManifest manifest = new RecoveryPointManifest(point, instanceId, job, at.minusSeconds(60), at,
                "15.4", "15.4", dump.length, List.of(new ArtifactEntry("db-1.dump", ArtifactEntry.Kind.DATABASE, "app",
                        dump.length, "0".repeat(64), "none")), policy); // as job-service writes it
        Path dir = storeRoot.resolve(instanceId.toString()).resolve(point.toString());
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("db-1.dump"), dump);
            Files.writeString(dir.resolve("manifest.json"), JSON.writeValueAsString(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new JobSucceeded(UUID.randomUUID(), instanceId, at, job, Operation.BACKUP, Trigger.SCHEDULED,
                at.minusSeconds(60), at, dump.length, point, policy, manifest);
    }

    /** Publishes a backup and waits until its point is in the catalog; answers the point id. */
    public static UUID backup(Path storeRoot, UUID instanceId, Instant at, PolicySnapshot policy) {
        JobSucceeded event = succeeded(storeRoot, instanceId, at, policy);
        send(event);
        awaitPoint(event.recoveryPointId());
        return event.recoveryPointId();
    }

    public static void send(Event event) {
        try {
            KafkaProbe.send(event, JSON.writeValueAsString(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void awaitPoint(UUID pointId) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/api/v1/recovery-points/{id}", pointId).statusCode() == 200);
    }

    public static String state(UUID pointId) {
        return given().get("/api/v1/recovery-points/{id}", pointId).then().statusCode(200).extract().path("state");
    }

    public static void awaitState(UUID pointId, String state) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> state.equals(state(pointId)));
    }
}
