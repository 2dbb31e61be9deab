package io.pgvault.retention.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.platform.messaging.MessageRetry;
import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The worst chain of issue 11: a JobSucceeded handled while PostgreSQL restarts used to go to the DLQ, so its
 * point was never cataloged (and the drift check later removed its files). Now it is retried until the
 * database is back: every point is cataloged, nothing is dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class PostgresRestartTest extends RetentionTestBase {

    @Inject
    MeterRegistry registry;

    @Test
    void backupsReportedWhilePostgresqlRestartsAreAllCatalogedAndNoneIsDeadLettered() {
        UUID instance = UUID.randomUUID();
        List<JobSucceeded> backups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            backups.add(Backups.succeeded(root(), instance, CLOCK.instant().plusSeconds(i), Backups.daily()));
        }
        double before = retries();
        TestInfra.stopPostgres();
        try {
            backups.forEach(Backups::send);
            await("the consumer meets the stopped server and retries").atMost(Duration.ofSeconds(60))
                    .until(() -> retries() > before);
        } finally {
            TestInfra.startPostgres();
        }

        backups.forEach(b -> Backups.awaitPoint(b.recoveryPointId()));
        assertThat(KafkaProbe.readAll(Topics.dlq(Topics.JOB_EVENTS), instance)).as("dead-lettered").isEmpty();
    }

    private double retries() {
        return registry.find(MessageRetry.RETRIES).tag("consumer", "retention-service").tag("topic", Topics.JOB_EVENTS)
                .counters().stream().mapToDouble(Counter::count).sum();
    }
}
