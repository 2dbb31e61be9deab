package io.pgvault.job.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.job.Jobs;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Commands on the real topic become jobs once, however often they are delivered. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
class InstanceCommandsConsumerTest {

    @Inject
    ObjectMapper mapper;

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
