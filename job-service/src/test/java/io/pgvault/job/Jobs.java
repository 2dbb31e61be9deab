package io.pgvault.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.Datasource;
import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.common.RetentionRule;
import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.job.credentials.TargetSecretName;
import io.pgvault.platform.json.Json;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.TestInfra;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Commands to the real topic and waits on the job API, as instance-service and a user would. */
public final class Jobs {

    public static final Path STORE = Path.of("target/vault").toAbsolutePath();
    public static final Path RESTORES = Path.of("target/restores").toAbsolutePath();
    public static final Path SECRETS = Path.of("target/secrets").toAbsolutePath();
    public static final Path PRIVATE = Path.of("target/job-data/private").toAbsolutePath();
    public static final PolicySnapshot POLICY = new PolicySnapshot(UUID.fromString(
            "0b7e4c2a-91d3-4e58-a6f1-5c2d9e8b7a13"), "daily-30d", 3, "UTC", "P30D",
            List.of(new RetentionRule(RetentionTag.WEEKLY, "P12W")));

    private Jobs() {
    }

    public static Datasource testServer(String... databases) {
        return new Datasource(TestInfra.pgHost(), TestInfra.pgPort(), TestInfra.pgUser(), List.of(databases), null);
    }

    public static BackupRequested backup(UUID instanceId, Datasource datasource) {
        return new BackupRequested(UUID.randomUUID(), instanceId, Instant.now(), UUID.randomUUID(), Trigger.ON_DEMAND,
                "orders-test", datasource, POLICY, "test-user");
    }

    public static RestoreRequested restore(UUID instanceId, UUID pointId, RestoreTarget target) {
        return new RestoreRequested(UUID.randomUUID(), instanceId, Instant.now(), UUID.randomUUID(), pointId,
                "orders-test", testServer(), target, "test-user");
    }

    /**
     * A restore into the new database {@code name} on the test server, without the globals; the test server's
     * password is written where job-service looks for a target's own credential.
     */
    public static RestoreTarget newDatabase(String name) {
        writeTargetSecret(TestInfra.pgHost(), TestInfra.pgPort(), TestInfra.pgUser(),
                TestInfra.pgPassword() == null ? "" : TestInfra.pgPassword());
        return RestoreTarget.database(TestInfra.pgHost(), TestInfra.pgPort(), TestInfra.pgUser(), name, false);
    }

    /** Writes (0600) the password of a restore target's role: {@code <secrets>/targets/<host>_<port>_<user>.password}. */
    public static Path writeTargetSecret(String host, int port, String user, String password) {
        return writeSecret(SECRETS.resolve("targets").resolve(TargetSecretName.of(host, port, user)), password);
    }

    /** Writes (0600) the password of a source instance: {@code <secrets>/<instanceId>.password}. */
    public static Path writeSourceSecret(UUID instanceId, String password) {
        return writeSecret(SECRETS.resolve(instanceId + ".password"), password);
    }

    private static Path writeSecret(Path file, String password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return Files.writeString(file, password + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void send(ObjectMapper mapper, Event event) {
        KafkaProbe.send(event, Json.write(mapper, event));
    }

    /** The job's details once its status is {@code status}; fails after 90 s. */
    public static JsonPath awaitStatus(UUID jobId, String status) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Response response = given().get("/api/v1/jobs/" + jobId);
            if (response.statusCode() != 200) {
                return false;
            }
            last[0] = response.jsonPath();
            String now = last[0].getString("status");
            if (!now.equals(status) && (now.equals("COMPLETED") || now.equals("FAILED") || now.equals("CANCELLED"))) {
                throw new AssertionError("job " + jobId + " ended " + now + " instead of " + status + ": "
                        + response.asString());
            }
            return now.equals(status);
        });
        return last[0];
    }

    /**
     * The {@code currentState} of a 409 problem. The platform's Problem is meant to flatten its
     * extensions; depending on the serializer Quarkus picks they arrive nested under "extensions"
     * (reported for the platform module), so accept both.
     */
    public static String currentState(JsonPath problem) {
        String flat = problem.getString("currentState");
        return flat != null ? flat : problem.getString("extensions.currentState");
    }

    /** No point, complete or partial, of {@code instance} is in the store. */
    public static void assertNoPointStored(UUID instance) throws Exception {
        Path dir = Jobs.STORE.resolve(instance.toString());
        if (Files.exists(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                assertThat(entries).isEmpty();
            }
        }
        assertThat(TestInfra.pgHost()).isNotNull();
    }
}
