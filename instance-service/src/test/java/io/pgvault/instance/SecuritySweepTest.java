package io.pgvault.instance;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.instance.retention.RetentionServiceMock;
import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.OpenApiSecuritySweep;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI security sweep over every operation of instance-service: each answers 401 without a token,
 * 403 for each role below the one it needs, and neither with that role; only the sign-in and the key set
 * are public. The roles each operation needs are listed here once more, so a changed rule is a decision.
 * stop-protection declares backup-operator; its DELETE_DATA mode needs backup-admin, which
 * {@code InstanceRolesTest} proves (the sweep's body names no mode).
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
@QuarkusTestResource(RetentionServiceMock.class)
class SecuritySweepTest {

    private static final Set<String> READER = Set.of(Roles.READER);
    private static final Set<String> OPERATOR = Set.of(Roles.OPERATOR);
    private static final Set<String> ADMIN = Set.of(Roles.ADMIN);

    @Test
    void everyOperationAnswersByItsRole() {
        OpenApiSecuritySweep.Report report = OpenApiSecuritySweep.create()
                .publicOperation("POST /api/v1/auth/token")
                .publicOperation("GET /.well-known/jwks.json")
                .run();

        Map<String, Set<String>> expected = new HashMap<>(Map.of(
                "POST /api/v1/auth/token", Set.of(),
                "GET /.well-known/jwks.json", Set.of(),
                "GET /api/v1/whoami", Set.of(),
                "GET /api/v1/users", ADMIN,
                "POST /api/v1/users", ADMIN,
                "GET /api/v1/users/{id}", ADMIN,
                "POST /api/v1/users/{id}/disable", ADMIN,
                "POST /api/v1/users/{id}/enable", ADMIN,
                "POST /api/v1/users/{id}/reset-password", ADMIN,
                "GET /api/v1/user-activity", ADMIN));
        expected.putAll(Map.of(
                "GET /api/v1/backup-policies", READER,
                "POST /api/v1/backup-policies", ADMIN,
                "GET /api/v1/backup-policies/{id}", READER,
                "PUT /api/v1/backup-policies/{id}", ADMIN,
                "DELETE /api/v1/backup-policies/{id}", ADMIN,
                "GET /api/v1/backup-policies/{id}/versions", READER,
                "GET /api/v1/backup-policies/next-runs", READER));
        expected.putAll(Map.of(
                "GET /api/v1/backup-instances", READER,
                "POST /api/v1/backup-instances", ADMIN,
                "GET /api/v1/backup-instances/{id}", READER,
                "DELETE /api/v1/backup-instances/{id}", ADMIN,
                "GET /api/v1/backup-instances/{id}/activity", READER,
                "POST /api/v1/backup-instances/{id}/change-policy", ADMIN,
                "POST /api/v1/backup-instances/{id}/backup", OPERATOR,
                "POST /api/v1/backup-instances/{id}/restore", OPERATOR,
                "POST /api/v1/backup-instances/{id}/stop-protection", OPERATOR,
                "POST /api/v1/backup-instances/{id}/resume-protection", OPERATOR));
        Set<String> approver = Set.of(Roles.APPROVER);
        expected.putAll(Map.of(
                "PUT /api/v1/users/{id}/roles", ADMIN,
                "GET /api/v1/vault", READER,
                "PUT /api/v1/vault", ADMIN,
                "GET /api/v1/vault/activity", READER,
                "GET /api/v1/pending-operations", READER,
                "GET /api/v1/pending-operations/{id}", READER,
                "POST /api/v1/pending-operations/{id}/approve", approver,
                "POST /api/v1/pending-operations/{id}/reject", approver,
                "POST /api/v1/pending-operations/{id}/withdraw", READER));
        expected.putAll(Map.of(
                "GET /api/v1/deleted-backup-instances", READER,
                "POST /api/v1/deleted-backup-instances/{id}/undelete", ADMIN,
                "POST /api/v1/deleted-backup-instances/{id}/purge", ADMIN,
                "POST /api/v1/pending-operations/recovery-points/{id}/unpin", ADMIN,
                "POST /api/v1/pending-operations/recovery-points/{id}/purge", ADMIN));
        // platform's reliability operations, on every service
        expected.putAll(Map.of(
                "GET /api/v1/admin/dead-letters", ADMIN,
                "POST /api/v1/admin/dead-letters/replay", ADMIN,
                "GET /api/v1/admin/outbox/parked", ADMIN,
                "POST /api/v1/admin/outbox/parked/retry", ADMIN,
                "POST /api/v1/admin/outbox/parked/{id}/retry", ADMIN));
        assertThat(report.operations()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void anEndpointWithoutARuleFailsTheSweep() {
        // Every operation of this service has a rule, so a stand-in documents one without (what Quarkus
        // writes for an operation with no @RolesAllowed): the sweep must refuse it.
        WireMockServer standIn = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        standIn.start();
        int port = RestAssured.port;
        try {
            standIn.stubFor(get(urlPathEqualTo("/q/openapi")).willReturn(okJson(
                    "{\"openapi\": \"3.1.0\", \"paths\": {\"/api/v1/unguarded\": {\"get\": {\"responses\": {\"200\": {}}}}}}")));
            standIn.stubFor(get(urlPathMatching("/q/health.*")).willReturn(okJson("{\"status\": \"UP\"}")));
            RestAssured.port = standIn.port();
            assertThatThrownBy(() -> OpenApiSecuritySweep.create().run())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("GET /api/v1/unguarded: no security requirement");
        } finally {
            RestAssured.port = port;
            standIn.stop();
        }
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
