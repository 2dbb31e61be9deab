package io.pgvault.instance.retention;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * retention-service's restore pre-check {@code GET /api/v1/recovery-points/{id}/restore-check} (role
 * pgvault-service only), stood up by WireMock for this module's tests (retention-service does not run here;
 * the real cross-service path is proven by the end-to-end module). A call without a bearer token is a 401;
 * every point is unknown (404) until a test {@linkplain #put puts} it. The production client is configured
 * as in production: only its URL points here. The token itself is checked by the tests ({@link #tokensSent}).
 */
public class RetentionServiceMock implements QuarkusTestResourceLifecycleManager {

    private static final String URL_KEY = "pgvault.instance.retention-service-url";
    private static final String POINTS = "/api/v1/recovery-points/";
    private static final String CHECK = "/restore-check";
    /** Above every other stub: no token, no answer. */
    private static final int NO_TOKEN_PRIORITY = 1;
    /** Below the default priority (5), so that a point a test puts wins. */
    private static final int UNKNOWN_PRIORITY = 10;

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(get(urlPathMatching(POINTS + "[^/]+" + CHECK)).atPriority(NO_TOKEN_PRIORITY)
                .withHeader("Authorization", absent())
                .willReturn(problem(401, "Unauthorized", "this operation needs a bearer token with role pgvault-service")
                        .withHeader("WWW-Authenticate", "Bearer")));
        server.stubFor(get(urlPathMatching(POINTS + "[^/]+" + CHECK)).atPriority(UNKNOWN_PRIORITY)
                .willReturn(problem(404, "Not found", "recovery point does not exist")));
        // the vault keeps nothing of an instance unless a test says so (keeps)
        server.stubFor(get(urlPathMatching("/api/v1/backup-instances/[^/]+/immutability")).atPriority(UNKNOWN_PRIORITY)
                .willReturn(okJson("{\"immutability\": \"ENABLED\", \"heldPoints\": 0, \"keptForever\": false,"
                        + " \"heldPointIds\": []}")));
        // an impact preview: one point kept, as retention-service plans it (its real plan is tested there)
        server.stubFor(get(urlPathMatching("/api/v1/backup-instances/[^/]+/impact")).atPriority(UNKNOWN_PRIORITY)
                .withHeader("Authorization", matching("Bearer .+")).willReturn(okJson(IMPACT)));
        server.stubFor(get(urlPathEqualTo("/api/v1/vault/impact")).atPriority(UNKNOWN_PRIORITY)
                .withHeader("Authorization", matching("Bearer .+")).willReturn(okJson(IMPACT)));
        return Map.of(URL_KEY, "http://127.0.0.1:" + server.port());
    }

    /** The impact preview every instance gets here: one point, kept. */
    private static final String IMPACT = """
            {"action": "any", "at": "2026-12-01T12:00:00Z", "floor": 1, "gracePeriod": "PT336H",
             "immutability": "DISABLED", "refusal": null,
             "totals": [{"outcome": "KEPT", "count": 1, "bytes": 4096,
                         "summary": "1 point(s), 4096 bytes: kept, expiry unchanged"}],
             "points": [{"recoveryPointId": "8a5c3f8e-6d3c-4a8e-9a51-2b7f4f1d3c11", "createdAt": "2026-11-30T02:00:00Z",
                         "sizeBytes": 4096, "stateNow": "LIVE", "outcome": "KEPT", "date": "2026-12-30T02:00:00Z",
                         "expiresAt": "2026-12-30T02:00:00Z", "deletableFrom": "2026-12-30T02:00:00Z",
                         "changed": false, "summary": "kept, expiry unchanged (2026-12-30T02:00:00Z)"}],
             "truncated": false, "assumptions": "none"}
            """;

    /** The query strings of the impact previews retention-service was asked for about an instance, in order. */
    public static List<Map<String, String>> impactsAsked(UUID instanceId) {
        return client().find(getRequestedFor(urlPathEqualTo("/api/v1/backup-instances/" + instanceId + "/impact")))
                .stream().map(r -> {
                    Map<String, String> params = new java.util.TreeMap<>();
                    r.getQueryParams().forEach((k, v) -> params.put(k, v.firstValue()));
                    return params;
                }).toList();
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
        client().register(get(urlPathEqualTo(POINTS + id + CHECK)).willReturn(aResponse().withStatus(500)));
        return id;
    }

    /** Makes retention-service know a point of {@code instanceId} in {@code state}; answers its id. */
    public static UUID put(UUID instanceId, String state) {
        UUID id = UUID.randomUUID();
        client().register(get(urlPathEqualTo(POINTS + id + CHECK)).withHeader("Authorization", matching("Bearer .+"))
                .willReturn(okJson(point(id, instanceId, state))));
        return id;
    }

    /** Makes retention-service know a point of {@code instanceId} in {@code state}, pinned or not; answers its id. */
    public static UUID put(UUID instanceId, String state, boolean pinned) {
        UUID id = UUID.randomUUID();
        set(id, instanceId, state, pinned);
        return id;
    }

    /** Changes what retention-service says of point {@code id} (the latest answer wins). */
    public static void set(UUID id, UUID instanceId, String state, boolean pinned) {
        String point = point(id, instanceId, state);
        String withHolds = point.substring(0, point.length() - 1) + ", \"holds\": ["
                + (pinned ? "{\"kind\": \"PIN\"}" : "") + "]}";
        client().register(get(urlPathEqualTo(POINTS + id + CHECK)).withHeader("Authorization", matching("Bearer .+"))
                .willReturn(okJson(withHolds)));
    }

    /**
     * A LIVE point of {@code instanceId} that retention-service has not cataloged yet: its first {@code unknown}
     * checks answer 404, the next ones the point (a backup that just completed); answers its id.
     */
    public static UUID catalogedAfter(UUID instanceId, int unknown) {
        UUID id = UUID.randomUUID();
        String scenario = "cataloged later " + id;
        for (int i = 0; i < unknown; i++) {
            client().register(get(urlPathEqualTo(POINTS + id + CHECK)).withHeader("Authorization", matching("Bearer .+"))
                    .inScenario(scenario).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "unknown " + i)
                    .willSetStateTo("unknown " + (i + 1))
                    .willReturn(problem(404, "Not found", "recovery point does not exist")));
        }
        client().register(get(urlPathEqualTo(POINTS + id + CHECK)).withHeader("Authorization", matching("Bearer .+"))
                .inScenario(scenario).whenScenarioStateIs(unknown == 0 ? Scenario.STARTED : "unknown " + unknown)
                .willReturn(okJson(point(id, instanceId, "LIVE"))));
        return id;
    }

    /**
     * A LIVE point of {@code instanceId} whose first check refuses the token (401, as after a key rotation) and
     * whose next one answers; answers its id.
     */
    public static UUID refusingTheFirstToken(UUID instanceId) {
        UUID id = UUID.randomUUID();
        String scenario = "token refused once " + id;
        client().register(get(urlPathEqualTo(POINTS + id + CHECK)).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("refused")
                .willReturn(problem(401, "Unauthorized", "the bearer token was refused")));
        client().register(get(urlPathEqualTo(POINTS + id + CHECK)).inScenario(scenario)
                .whenScenarioStateIs("refused")
                .willReturn(okJson(point(id, instanceId, "LIVE"))));
        return id;
    }

    /**
     * Makes retention-service's vault keep {@code held} live points of {@code instanceId} (ENABLED), the last one
     * until {@code keptUntil}; answers their ids. Without it an instance's answer is the default below: none held.
     */
    public static List<UUID> keeps(UUID instanceId, int held, String keptUntil) {
        List<UUID> ids = java.util.stream.IntStream.range(0, held).mapToObj(i -> UUID.randomUUID()).toList();
        String idList = ids.stream().map(id -> "\"" + id + "\"").collect(java.util.stream.Collectors.joining(", "));
        client().register(get(urlPathEqualTo("/api/v1/backup-instances/" + instanceId + "/immutability"))
                .withHeader("Authorization", matching("Bearer .+"))
                .willReturn(okJson("{\"instanceId\": \"" + instanceId + "\", \"immutability\": \"ENABLED\","
                        + " \"heldPoints\": " + held + ", \"keptUntil\": \"" + keptUntil + "\", \"keptForever\": false,"
                        + " \"heldPointIds\": [" + idList + "]}")));
        return ids;
    }

    /** The {@code Authorization} headers of every pre-check of a point retention-service received, in order. */
    public static List<String> tokensSent(UUID pointId) {
        return client().find(getRequestedFor(urlPathEqualTo(POINTS + pointId + CHECK))).stream()
                .map(LoggedRequest::getHeaders)
                .map(headers -> headers.getHeader("Authorization").isPresent()
                        ? headers.getHeader("Authorization").firstValue() : null)
                .toList();
    }

    private static String point(UUID id, UUID instanceId, String state) {
        return "{\"id\": \"" + id + "\", \"instanceId\": \"" + instanceId + "\", \"createdAt\": \"2026-01-01T02:00:00Z\","
                + " \"expiresAt\": null, \"state\": \"" + state + "\"}";
    }

    private static ResponseDefinitionBuilder problem(int status, String title,
            String detail) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\": \"" + title + "\", \"status\": " + status + ", \"detail\": \"" + detail + "\"}");
    }

    private static WireMock client() {
        URI url = URI.create(ConfigProvider.getConfig().getValue(URL_KEY, String.class));
        return new WireMock(url.getHost(), url.getPort());
    }
}
