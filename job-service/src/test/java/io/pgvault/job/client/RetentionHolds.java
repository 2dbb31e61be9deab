package io.pgvault.job.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.pgvault.platform.json.Json;
import java.util.List;
import java.util.UUID;

/**
 * What the stand-in retention-service (and token endpoint) was asked for, as the tests see it, and the
 * refusals they set up.
 */
public final class RetentionHolds {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A hold taken: what job-service asked for and the id it got.
     *
     * @param id              the hold's id in the answer
     * @param recoveryPointId the point in the path
     * @param kind            the request's kind
     * @param owner           the request's owner (the restore job)
     * @param instanceId      the instance the point must belong to
     * @param leaseSeconds    the lease asked for
     * @param onBehalfOf      the request's onBehalfOf (who asked for the restore); null if absent
     * @param authorization   the request's {@code Authorization} header
     */
    public record Hold(UUID id, UUID recoveryPointId, String kind, String owner, UUID instanceId, int leaseSeconds,
            String onBehalfOf, String authorization) {
    }

    private final WireMockServer server;
    private final String serviceToken;
    private final String secret;

    RetentionHolds(WireMockServer server, String serviceToken, String secret) {
        this.server = server;
        this.serviceToken = serviceToken;
        this.secret = secret;
    }

    /** The token the stand-in token endpoint hands job-service's service client. */
    public String serviceToken() {
        return serviceToken;
    }

    /** The client secret job-service's service client was given (in its secret file). */
    public String secret() {
        return secret;
    }

    /** Every token request job-service made, oldest first. */
    public List<LoggedRequest> tokenRequests() {
        return server.findAll(postRequestedFor(urlPathEqualTo(RetentionServiceMock.TOKEN_PATH)));
    }

    /** The {@code Authorization} headers of every call job-service made to the hold endpoints. */
    public List<String> holdAuthorizations() {
        return server.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().matches(RetentionServiceMock.HOLDS + "(/[^/]+)?"))
                .map(event -> event.getRequest().containsHeader("Authorization")
                        ? event.getRequest().getHeader("Authorization") : null)
                .toList();
    }

    /** The hold taken for {@code jobId}. */
    public Hold takenBy(UUID jobId) {
        for (ServeEvent event : server.getAllServeEvents()) {
            if (!event.getRequest().getMethod().getName().equals("POST")
                    || !event.getRequest().getUrl().matches(RetentionServiceMock.HOLDS)) {
                continue;
            }
            JsonNode request = read(event.getRequest().getBodyAsString());
            if (request.path("owner").asText().equals(jobId.toString()) && event.getResponse().getStatus() == 201) {
                JsonNode answer = read(event.getResponse().getBodyAsString());
                return new Hold(UUID.fromString(answer.get("id").asText()),
                        UUID.fromString(event.getRequest().getUrl().split("/")[4]), request.get("kind").asText(),
                        request.get("owner").asText(), UUID.fromString(request.get("instanceId").asText()),
                        request.get("leaseSeconds").asInt(),
                        request.hasNonNull("onBehalfOf") ? request.get("onBehalfOf").asText() : null,
                        event.getRequest().getHeader("Authorization"));
            }
        }
        throw new AssertionError("no hold was taken for job " + jobId);
    }

    /** The lease (seconds) of each renewal of {@code hold} job-service asked for, oldest first. */
    public List<Integer> renewals(Hold hold) {
        return server.findAll(postRequestedFor(urlPathEqualTo("/api/v1/recovery-points/" + hold.recoveryPointId()
                + "/holds/" + hold.id() + "/renew"))).stream()
                .map(request -> Integer.parseInt(request.queryParameter("leaseSeconds").firstValue()))
                .toList();
    }

    /** Whether job-service released {@code hold}. */
    public boolean released(Hold hold) {
        return !server.findAll(deleteRequestedFor(urlPathEqualTo(
                "/api/v1/recovery-points/" + hold.recoveryPointId() + "/holds/" + hold.id()))).isEmpty();
    }

    /** Answers a hold on {@code pointId} with {@code status} (404 unknown, 409 not live or another instance's). */
    public void refuse(UUID pointId, int status) {
        server.stubFor(post(urlPathEqualTo("/api/v1/recovery-points/" + pointId + "/holds")).willReturn(aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\": \"Conflict\", \"status\": " + status + ", \"detail\": \"refused by test\"}")));
    }

    /** Answers a hold on {@code pointId} with 401, as retention-service does for a token it no longer accepts. */
    public void refuseToken(UUID pointId) {
        server.stubFor(post(urlPathEqualTo("/api/v1/recovery-points/" + pointId + "/holds")).willReturn(aResponse()
                .withStatus(401)
                .withHeader("Content-Type", "application/problem+json")
                .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .withBody("{\"title\": \"Unauthorized\", \"status\": 401}")));
    }

    private static JsonNode read(String json) {
        return Json.read(JSON, json, JsonNode.class);
    }
}
