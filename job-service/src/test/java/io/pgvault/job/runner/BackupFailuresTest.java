package io.pgvault.job.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.Datasource;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.job.Jobs;
import io.pgvault.job.SignedInAsAdmin;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A backup that cannot be made fails with an error a user can act on, announces it, and leaves no point. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@ExtendWith(SignedInAsAdmin.class)
class BackupFailuresTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void anUnreachableServerFailsTheJobWithAnActionableErrorAndJobFailed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        UUID instance = UUID.randomUUID();
        BackupRequested command = Jobs.backup(instance,
                new Datasource("127.0.0.1", closedPort, "backup", List.of("orders"), null));
        Jobs.send(mapper, command);
        JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
        assertThat(job.getString("error.code")).isEqualTo("HOST_UNREACHABLE");
        assertThat(job.getString("error.message")).contains("127.0.0.1:" + closedPort).contains("Connection refused");
        assertThat(job.getString("error.recommendation")).contains("host and port");
        assertThat(job.getString("recoveryPointId")).isNull();

        List<ConsumerRecord<String, String>> events = KafkaProbe.awaitForInstance(Topics.JOB_EVENTS, instance, 2);
        assertThat(events).extracting(KafkaProbe::type).containsExactly("io.pgvault.JobStarted", "io.pgvault.JobFailed");
        JsonNode failed = mapper.readTree(events.get(1).value());
        assertThat(failed.get("errorCode").asText()).isEqualTo("HOST_UNREACHABLE");
        assertThat(failed.get("jobId").asText()).isEqualTo(command.jobId().toString());
        Jobs.assertNoPointStored(instance);
    }

    @Test
    void aMissingDatabaseFailsWithDatabaseMissingAndLeavesNoPartialPoint() throws Exception {
        UUID instance = UUID.randomUUID();
        String existing = "present_" + UUID.randomUUID().toString().substring(0, 8);
        PgVaultTestResource.createDatabaseIfMissing(existing);
        BackupRequested command = Jobs.backup(instance, Jobs.testServer(existing, "no_such_db"));
        Jobs.send(mapper, command);
        JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
        assertThat(job.getString("error.code")).isEqualTo("DATABASE_MISSING");
        assertThat(job.getString("error.message")).contains("\"no_such_db\"");
        // The databases are dumped concurrently: the other one has completed, or was stopped by the failure.
        List<String> statuses = job.getList("subTasks.status");
        assertThat(statuses).hasSize(3);
        assertThat(statuses.get(0)).isEqualTo("COMPLETED");
        assertThat(statuses.get(1)).isIn("COMPLETED", "FAILED");
        assertThat(statuses.get(2)).isEqualTo("FAILED");
        Jobs.assertNoPointStored(instance);
    }
}
