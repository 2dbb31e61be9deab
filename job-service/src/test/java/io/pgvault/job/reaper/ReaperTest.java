package io.pgvault.job.reaper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Topics;
import io.pgvault.job.Jobs;
import io.pgvault.job.SignedInAsAdmin;
import io.pgvault.job.SourceDatabases;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Never stuck: jobs whose service died are failed as INTERRUPTED and their partial points removed. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@ExtendWith(SignedInAsAdmin.class)
class ReaperTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void theReaperFailsAJobWhoseServiceDiedAndRemovesItsPartialPoint() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        UUID pointId = UUID.randomUUID();
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        // What a killed job-service leaves behind: a running job with an old heartbeat, and its partial point.
        Path partial = Jobs.STORE.resolve(instance.toString()).resolve(".partial-" + pointId);
        Files.createDirectories(partial);
        Files.writeString(partial.resolve("db-1.dump.zst"), "half a dump");
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement insert = c.prepareStatement("insert into job (id, instance_id, instance_name,"
                        + " operation, trigger, status, recovery_point_id, request, created_at, started_at, heartbeat_at)"
                        + " values (?, ?, 'crashed', 'BACKUP', 'SCHEDULED', 'IN_PROGRESS', ?, '{}', ?, ?, ?)")) {
            insert.setObject(1, jobId);
            insert.setObject(2, instance);
            insert.setObject(3, pointId);
            insert.setTimestamp(4, Timestamp.from(longAgo));
            insert.setTimestamp(5, Timestamp.from(longAgo));
            insert.setTimestamp(6, Timestamp.from(longAgo));
            insert.executeUpdate();
        }
        JsonPath job = Jobs.awaitStatus(jobId, "FAILED");
        assertThat(job.getString("error.code")).isEqualTo("INTERRUPTED");
        assertThat(job.getString("error.recommendation")).contains("partial artifacts were removed");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(partial));
        List<ConsumerRecord<String, String>> events = KafkaProbe.awaitForInstance(Topics.JOB_EVENTS, instance, 1);
        assertThat(KafkaProbe.type(events.get(0))).isEqualTo("io.pgvault.JobFailed");
        assertThat(mapper.readTree(events.get(0).value()).get("errorCode").asText()).isEqualTo("INTERRUPTED");
    }
}
