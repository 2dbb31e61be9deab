package io.pgvault.job.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;

/**
 * job-service's peers, stood up by WireMock for this module's tests (they do not run here; the real
 * cross-service path is proven by the end-to-end module):
 * <ul>
 * <li>instance-service's token endpoint, which hands job-service's service client (its id and the
 * secret in a file written here) a {@code pgvault-service} token of the test issuer;</li>
 * <li>retention-service's hold endpoints, which, like the real ones, accept only that token (401
 * otherwise). A hold is taken for any point, with the answer retention-service gives, and released
 * with 204; tests that want a refusal say so through {@link RetentionHolds}, injected into a field
 * marked {@link InjectRetentionHolds}.</li>
 * </ul>
 * The production clients are configured as in production: only their URLs and the secret file point here.
 */
public class RetentionServiceMock implements QuarkusTestResourceLifecycleManager {

    static final String HOLDS = "/api/v1/recovery-points/[^/]+/holds";
    static final String TOKEN_PATH = "/api/v1/auth/token";
    static final String CLIENT_ID = "job-service";
    /** Below the default priority (5), so that a test's refusal of one point wins. */
    private static final int DEFAULT_PRIORITY = 10;
    /** Below everything: a hold call without the service token. */
    private static final int UNAUTHORIZED_PRIORITY = 20;

    private WireMockServer server;
    private String secret;
    private String serviceToken;

    @Override
    public Map<String, String> start() {
        secret = UUID.randomUUID().toString();
        serviceToken = TestTokens.forRoles(CLIENT_ID, Roles.SERVICE);
        Path secretFile = writeSecret(secret);
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(post(urlPathEqualTo(TOKEN_PATH))
                .withFormParam("grant_type", equalTo("client_credentials"))
                .withFormParam("client_id", equalTo(CLIENT_ID))
                .withFormParam("client_secret", equalTo(secret))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\": \"" + serviceToken + "\", \"token_type\": \"Bearer\", \"expires_in\": 900}")));
        String bearer = "Bearer " + serviceToken;
        server.stubFor(post(urlPathMatching(HOLDS)).atPriority(DEFAULT_PRIORITY)
                .withHeader("Authorization", equalTo(bearer))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"id": "{{randomValue type='UUID'}}", "recoveryPointId": "{{request.pathSegments.[3]}}",
                                 "kind": "{{jsonPath request.body '$.kind'}}", "owner": "{{jsonPath request.body '$.owner'}}",
                                 "leaseExpiresAt": "{{now offset='300 seconds'}}"}""")
                        .withTransformers("response-template")));
        server.stubFor(post(urlPathMatching(HOLDS + "/[^/]+/renew")).atPriority(DEFAULT_PRIORITY)
                .withHeader("Authorization", equalTo(bearer))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"id": "{{request.pathSegments.[5]}}", "recoveryPointId": "{{request.pathSegments.[3]}}",
                                 "kind": "RESTORE", "leaseExpiresAt": "{{now offset='300 seconds'}}"}""")
                        .withTransformers("response-template")));
        server.stubFor(delete(urlPathMatching(HOLDS + "/[^/]+")).atPriority(DEFAULT_PRIORITY)
                .withHeader("Authorization", equalTo(bearer))
                .willReturn(aResponse().withStatus(204)));
        server.stubFor(any(urlPathMatching(HOLDS + "(/[^/]+(/renew)?)?")).atPriority(UNAUTHORIZED_PRIORITY)
                .willReturn(aResponse().withStatus(401)
                        .withHeader("Content-Type", "application/problem+json")
                        .withHeader("WWW-Authenticate", "Bearer")
                        .withBody("{\"title\": \"Unauthorized\", \"status\": 401, \"requiredRoles\": [\"" + Roles.SERVICE + "\"]}")));
        String url = "http://127.0.0.1:" + server.port();
        return Map.of(
                "quarkus.rest-client.retention.url", url,
                "pgvault.auth.token-url", url + TOKEN_PATH,
                "pgvault.auth.service-client.secret-file", secretFile.toString());
    }

    private static Path writeSecret(String secret) {
        try {
            Path dir = Files.createTempDirectory("job-service-secrets");
            Path file = dir.resolve("service-" + CLIENT_ID + ".secret");
            Files.writeString(file, secret + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test service secret", e);
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(new RetentionHolds(server, serviceToken, secret),
                new TestInjector.AnnotatedAndMatchesType(InjectRetentionHolds.class, RetentionHolds.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
