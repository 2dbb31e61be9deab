package io.pgvault.job.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * retention-service's hold endpoints, stood up by WireMock for this module's tests (retention-service
 * does not run here; the real cross-service path is proven by the end-to-end module). A hold is taken
 * for any point, with the answer retention-service gives, and released with 204; tests that want a
 * refusal say so through {@link RetentionHolds}, injected into a field marked {@link InjectRetentionHolds}.
 * The production client is configured as in production: only its URL points here.
 */
public class RetentionServiceMock implements QuarkusTestResourceLifecycleManager {

    static final String HOLDS = "/api/v1/recovery-points/[^/]+/holds";
    /** Below the default priority (5), so that a test's refusal of one point wins. */
    private static final int DEFAULT_PRIORITY = 10;

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(post(urlPathMatching(HOLDS)).atPriority(DEFAULT_PRIORITY).willReturn(aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id": "{{randomValue type='UUID'}}", "recoveryPointId": "{{request.pathSegments.[3]}}",
                         "kind": "{{jsonPath request.body '$.kind'}}", "owner": "{{jsonPath request.body '$.owner'}}",
                         "leaseExpiresAt": "{{now offset='300 seconds'}}"}""")
                .withTransformers("response-template")));
        server.stubFor(delete(urlPathMatching(HOLDS + "/[^/]+")).atPriority(DEFAULT_PRIORITY)
                .willReturn(aResponse().withStatus(204)));
        return Map.of("quarkus.rest-client.retention.url", "http://127.0.0.1:" + server.port());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(new RetentionHolds(server),
                new TestInjector.AnnotatedAndMatchesType(InjectRetentionHolds.class, RetentionHolds.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
