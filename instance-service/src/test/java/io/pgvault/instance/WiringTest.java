package io.pgvault.instance;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RetentionRule;
import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.contracts.instance.ProtectionResumed;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.ServiceWiringTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
class WiringTest extends ServiceWiringTest {

    @Override
    protected Event sampleMessage(UUID instanceId) {
        return new ProtectionResumed(UUID.randomUUID(), instanceId, Instant.parse("2026-01-01T02:00:00Z"),
                new PolicySnapshot(UUID.randomUUID(), "daily", 2, "Europe/Paris", "P30D",
                        List.of(new RetentionRule(RetentionTag.WEEKLY, "P12W"))));
    }
}
