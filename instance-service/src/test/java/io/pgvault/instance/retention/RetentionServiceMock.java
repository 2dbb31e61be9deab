package io.pgvault.instance.retention;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * retention-service's {@code GET /api/v1/recovery-points/{id}}, stood up by WireMock for this module's tests
 * (retention-service does not run here; the real cross-service path is proven by the end-to-end module).
 * Every point is unknown (404) until a test {@linkplain #put puts} it. The production client is configured
 * as in production: only its URL points here.
 */
public class RetentionServiceMock implements QuarkusTestResourceLifecycleManager {

    private static final String URL_KEY = "pgvault.instance.retention-service-url";
    private static final String POINTS = "/api/v1/recovery-points/";
    /** Below the default priority (5), so that a point a test puts wins. */
    private static final int UNKNOWN_PRIORITY = 10;

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(get(urlPathMatching(POINTS + "[^/]+")).atPriority(UNKNOWN_PRIORITY).willReturn(aResponse()
                .withStatus(404)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\": \"Not found\", \"status\": 404, \"detail\": \"recovery point does not exist\"}")));
        return Map.of(URL_KEY, "http://127.0.0.1:" + server.port());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A point retention-service fails to answer for (500); answers its id. */
    public static UUID failing() {
        UUID id = UUID.randomUUID();
        client().register(get(urlPathEqualTo(POINTS + id)).willReturn(aResponse().withStatus(500)));
        return id;
    }

    /** Makes retention-service know a point of {@code instanceId} in {@code state}; answers its id. */
    public static UUID put(UUID instanceId, String state) {
        UUID id = UUID.randomUUID();
        client().register(get(urlPathEqualTo(POINTS + id)).willReturn(okJson(
                "{\"id\": \"" + id + "\", \"instanceId\": \"" + instanceId + "\", \"createdAt\": \"2026-01-01T02:00:00Z\","
                        + " \"expiresAt\": null, \"state\": \"" + state + "\"}")));
        return id;
    }

    private static WireMock client() {
        URI url = URI.create(ConfigProvider.getConfig().getValue(URL_KEY, String.class));
        return new WireMock(url.getHost(), url.getPort());
    }
}
