package io.pgvault.job.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.job.Jobs;
import io.pgvault.job.SignedInAsAdmin;
import io.pgvault.job.client.InjectRetentionHolds;
import io.pgvault.job.client.RetentionHolds;
import io.pgvault.job.client.RetentionServiceMock;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Commands on the real topic become jobs once, however often they are delivered. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@QuarkusTestResource(RetentionServiceMock.class)
@ExtendWith(SignedInAsAdmin.class)
class InstanceCommandsConsumerTest {

    @Inject
    ObjectMapper mapper;

    @InjectRetentionHolds
    RetentionHolds retention;

    @Test
    void aJobShowsWhoRequestedItAndARestoreHoldsItsPointOnTheirBehalf() {
        UUID instance = UUID.randomUUID();
        BackupRequested asked = Jobs.backup(instance, Jobs.testServer("missing_" + instance.toString().substring(0, 8)));
        BackupRequested byAlice = new BackupRequested(asked.eventId(), instance, asked.occurredAt(), asked.jobId(),
                asked.trigger(), asked.instanceName(), asked.datasource(), asked.policy(), "alice");
        BackupRequested old = new BackupRequested(UUID.randomUUID(), instance, asked.occurredAt(), UUID.randomUUID(),
                asked.trigger(), asked.instanceName(), asked.datasource(), asked.policy(), null);
        RestoreRequested restore = Jobs.restore(instance, UUID.randomUUID(),
                Jobs.newDatabase("never_" + instance.toString().substring(0, 8)));
        RestoreRequested byCarol = new RestoreRequested(restore.eventId(), instance, restore.occurredAt(), restore.jobId(),
                restore.recoveryPointId(), restore.instanceName(), restore.source(), restore.target(), "carol");
        Jobs.send(mapper, byAlice);
        Jobs.send(mapper, old);
        Jobs.send(mapper, byCarol);

        assertThat(awaitJob(byAlice.jobId()).getString("requestedBy")).isEqualTo("alice");
        assertThat(awaitJob(byCarol.jobId()).getString("requestedBy")).isEqualTo("carol");
        assertThat(awaitJob(old.jobId()).getString("requestedBy")).isNull();
        given().get("/api/v1/jobs?instanceId=" + instance).then().statusCode(200)
                .body("items.find { it.id == '" + byAlice.jobId() + "' }.requestedBy", equalTo("alice"))
                .body("items.find { it.id == '" + byCarol.jobId() + "' }.requestedBy", equalTo("carol"));
        // The restore's hold is asked for on carol's behalf (the point is not in the store, so the job then fails).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(retention.takenBy(byCarol.jobId()).onBehalfOf()).isEqualTo("carol"));
    }

    /** The job's details once job-service has recorded it. */
    private static JsonPath awaitJob(UUID jobId) {
        JsonPath[] found = new JsonPath[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Response response = given().get("/api/v1/jobs/" + jobId);
            found[0] = response.statusCode() == 200 ? response.jsonPath() : null;
            return found[0] != null;
        });
        return found[0];
    }

    @Test
    void aRedeliveredCommandCreatesNothingNew() throws Exception {
        UUID instance = UUID.randomUUID();
        String db = "redelivery_" + UUID.randomUUID().toString().substring(0, 8);
        PgVaultTestResource.createDatabaseIfMissing(db);
        BackupRequested command = Jobs.backup(instance, Jobs.testServer(db));
        Jobs.send(mapper, command);
        Jobs.awaitStatus(command.jobId(), "COMPLETED");
        // The same message again, and another message for the same job id (a retried publish).
        Jobs.send(mapper, command);
        Jobs.send(mapper, new BackupRequested(UUID.randomUUID(), instance, command.occurredAt(), command.jobId(),
                command.trigger(), command.instanceName(), command.datasource(), command.policy(),
                command.requestedBy()));
        // A later command of the same instance (same partition): once its job exists, the two before were handled.
        BackupRequested marker = Jobs.backup(instance, Jobs.testServer(db));
        Jobs.send(mapper, marker);
        Jobs.awaitStatus(marker.jobId(), "COMPLETED");

        given().get("/api/v1/jobs?instanceId=" + instance).then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.containsInAnyOrder(command.jobId().toString(),
                        marker.jobId().toString()));
        List<ConsumerRecord<String, String>> events = KafkaProbe.awaitForInstance(Topics.JOB_EVENTS, instance, 4);
        assertThat(events.stream().filter(r -> r.value().contains(command.jobId().toString())))
                .extracting(KafkaProbe::type).containsExactly("io.pgvault.JobStarted", "io.pgvault.JobSucceeded");
        try (Stream<Path> points = Files.list(Jobs.STORE.resolve(instance.toString()))) {
            assertThat(points).hasSize(2);
        }
    }
}
