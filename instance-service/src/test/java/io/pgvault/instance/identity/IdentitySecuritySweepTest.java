package io.pgvault.instance.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.OpenApiSecuritySweep;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI security sweep over the identity endpoints. The other endpoints of the service get
 * their roles after the merge of issue 9; then the sweep runs over every path.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
class IdentitySecuritySweepTest {

    private static final Predicate<String> IDENTITY_PATHS = path -> path.startsWith("/api/v1/auth/")
            || path.startsWith("/api/v1/users") || path.startsWith("/api/v1/user-activity")
            || path.equals("/api/v1/whoami") || path.equals("/.well-known/jwks.json");

    @Test
    void everyIdentityOperationAnswersByItsRole() {
        OpenApiSecuritySweep.Report report = OpenApiSecuritySweep.create()
                .publicOperation("POST /api/v1/auth/token")
                .publicOperation("GET /.well-known/jwks.json")
                .onlyPaths(IDENTITY_PATHS)
                .run();

        Set<String> admin = Set.of(Roles.ADMIN);
        assertThat(report.operations()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "POST /api/v1/auth/token", Set.of(),
                "GET /.well-known/jwks.json", Set.of(),
                "GET /api/v1/whoami", Set.of(),
                "GET /api/v1/users", admin,
                "POST /api/v1/users", admin,
                "GET /api/v1/users/{id}", admin,
                "POST /api/v1/users/{id}/disable", admin,
                "POST /api/v1/users/{id}/enable", admin,
                "POST /api/v1/users/{id}/reset-password", admin,
                "GET /api/v1/user-activity", admin));
    }

    @Test
    void anEndpointWithoutARuleFailsTheSweep() {
        // The policies' endpoints carry no @RolesAllowed yet (they get it after the merge of issue 9).
        assertThatThrownBy(() -> OpenApiSecuritySweep.create().onlyPaths(path -> path.equals("/api/v1/backup-policies")).run())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /api/v1/backup-policies: no security requirement")
                .hasMessageContaining("POST /api/v1/backup-policies: no security requirement");
    }

    @Test
    void anOperationNamedPublicThatIsProtectedFailsTheSweep() {
        assertThatThrownBy(() -> OpenApiSecuritySweep.create()
                .publicOperation("GET /api/v1/users")
                .onlyPaths(path -> path.equals("/api/v1/users"))
                .run())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /api/v1/users: named public but has a security requirement")
                .hasMessageContaining("GET /api/v1/users: public, but answered 401 without a token");
    }
}
