package io.pgvault.job.messaging;

import io.pgvault.job.SignedInAsAdmin;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.contracts.retention.RecoveryPointDeleted;
import io.pgvault.job.Jobs;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An instance whose data retention-service purged loses its secret file; nothing else does. */
@QuarkusTest
@ExtendWith(SignedInAsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
class RetentionEventsConsumerTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void instanceDataPurgedRemovesTheInstancesSecretFileOnly() {
        UUID purged = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        Path purgedSecret = Jobs.writeSourceSecret(purged, "purged-password");
        Path keptSecret = Jobs.writeSourceSecret(kept, "kept-password");

        // Another event of the purged instance first, and the purge of the other instance's points is not sent.
        Jobs.send(mapper, new RecoveryPointDeleted(UUID.randomUUID(), purged, Instant.now(), UUID.randomUUID(),
                "EXPIRED", 0));
        Jobs.send(mapper, new InstanceDataPurged(UUID.randomUUID(), purged, Instant.now(), 3));

        await().atMost(Duration.ofSeconds(30)).until(() -> !purgedSecret.toFile().exists());
        assertThat(keptSecret).exists();
    }
}
