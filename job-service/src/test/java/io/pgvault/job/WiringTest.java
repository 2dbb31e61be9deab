package io.pgvault.job;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.job.JobStarted;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.ServiceWiringTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.UUID;

@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
class WiringTest extends ServiceWiringTest {

    @Override
    protected Event sampleMessage(UUID instanceId) {
        return new JobStarted(UUID.randomUUID(), instanceId, Instant.parse("2026-01-01T02:00:00Z"), UUID.randomUUID(),
                Operation.BACKUP, Trigger.SCHEDULED);
    }
}
