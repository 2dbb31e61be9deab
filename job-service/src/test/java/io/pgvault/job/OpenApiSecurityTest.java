package io.pgvault.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.OpenApiSecuritySweep;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every job-service operation in its OpenAPI document refuses a call without a token (401) and one
 * with a role below the one it needs (403), both problem+json naming that role, and admits the
 * roles that include it; health stays open. An endpoint added without {@code @RolesAllowed} fails here.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
class OpenApiSecurityTest {

    @Test
    void everyOperationNeedsATokenWithTheRoleTheTableGivesIt() {
        OpenApiSecuritySweep.Report report = OpenApiSecuritySweep.create()
                // test sources only: instance-service's key set, served here for the verifier (InstanceServiceKeySet)
                .publicOperation("GET /.well-known/jwks.json")
                .run();

        assertThat(report.operations())
                .containsEntry("GET /api/v1/jobs", Set.of(Roles.READER))
                .containsEntry("GET /api/v1/jobs/{id}", Set.of(Roles.READER))
                .containsEntry("GET /api/v1/jobs/stream", Set.of(Roles.READER))
                .containsEntry("POST /api/v1/jobs/{id}/cancel", Set.of(Roles.OPERATOR))
                .containsEntry("GET /api/v1/whoami", Set.of())
                // platform's reliability operations, on every service
                .containsEntry("GET /api/v1/admin/dead-letters", Set.of(Roles.ADMIN))
                .containsEntry("POST /api/v1/admin/dead-letters/replay", Set.of(Roles.ADMIN))
                .containsEntry("GET /api/v1/admin/outbox/parked", Set.of(Roles.ADMIN))
                .containsEntry("POST /api/v1/admin/outbox/parked/retry", Set.of(Roles.ADMIN))
                .containsEntry("POST /api/v1/admin/outbox/parked/{id}/retry", Set.of(Roles.ADMIN));
    }
}
