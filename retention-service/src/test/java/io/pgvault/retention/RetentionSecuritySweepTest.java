package io.pgvault.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.OpenApiSecuritySweep;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every operation of retention-service's OpenAPI document answers by its role: 401 without a token,
 * 403 below the role, no refusal with it; health stays open. A new endpoint without a rule fails it.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class RetentionSecuritySweepTest {

    @Test
    void everyOperationAnswersByItsRole() {
        OpenApiSecuritySweep.Report report = OpenApiSecuritySweep.create().run();

        Set<String> reader = Set.of(Roles.READER);
        Set<String> operator = Set.of(Roles.OPERATOR);
        Set<String> admin = Set.of(Roles.ADMIN);
        Set<String> service = Set.of(Roles.SERVICE);
        assertThat(report.operations()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("GET /api/v1/whoami", Set.of()),
                Map.entry("GET /api/v1/backup-instances/{instanceId}/recovery-points", reader),
                Map.entry("GET /api/v1/recovery-points/{id}", reader),
                Map.entry("GET /api/v1/retention/preview", reader),
                Map.entry("GET /api/v1/retention/drift", reader),
                Map.entry("GET /api/v1/vault", reader),
                Map.entry("GET /api/v1/backup-instances/{instanceId}/immutability", Set.of(Roles.READER, Roles.SERVICE)),
                Map.entry("POST /api/v1/recovery-points/{id}/pin", operator),
                Map.entry("POST /api/v1/recovery-points/{id}/extend", operator),
                Map.entry("DELETE /api/v1/recovery-points/{id}/pin", admin),
                Map.entry("POST /api/v1/recovery-points/{id}/unpin", admin),
                Map.entry("POST /api/v1/recovery-points/{id}/undelete", admin),
                Map.entry("POST /api/v1/recovery-points/{id}/purge", admin),
                Map.entry("GET /api/v1/recovery-points/{id}/restore-check", service),
                Map.entry("POST /api/v1/recovery-points/{id}/holds", service),
                Map.entry("POST /api/v1/recovery-points/{id}/holds/{holdId}/renew", service),
                Map.entry("DELETE /api/v1/recovery-points/{id}/holds/{holdId}", service),
                Map.entry("POST /api/v1/retention/drift/uncataloged/{recoveryPointId}/recatalog", admin),
                Map.entry("GET /api/v1/backup-instances/{instanceId}/impact", Set.of(Roles.OPERATOR, Roles.SERVICE)),
                Map.entry("GET /api/v1/vault/impact", Set.of(Roles.ADMIN, Roles.SERVICE)),
                // platform's reliability operations, on every service
                Map.entry("GET /api/v1/admin/dead-letters", admin),
                Map.entry("POST /api/v1/admin/dead-letters/replay", admin),
                Map.entry("GET /api/v1/admin/outbox/parked", admin),
                Map.entry("POST /api/v1/admin/outbox/parked/retry", admin),
                Map.entry("POST /api/v1/admin/outbox/parked/{id}/retry", admin)));
    }
}
