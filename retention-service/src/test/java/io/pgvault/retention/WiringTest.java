package io.pgvault.retention;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.ServiceWiringTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.UUID;

@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class WiringTest extends ServiceWiringTest {

    @Override
    protected Event sampleMessage(UUID instanceId) {
        return new InstanceDataPurged(UUID.randomUUID(), instanceId, Instant.parse("2026-01-01T02:00:00Z"), 3);
    }
}
