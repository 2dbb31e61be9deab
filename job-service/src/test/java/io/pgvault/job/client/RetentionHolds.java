package io.pgvault.job.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.pgvault.platform.json.Json;
import java.util.UUID;

/** What the stand-in retention-service was asked for, as the tests see it, and the refusals they set up. */
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
     */
    public record Hold(UUID id, UUID recoveryPointId, String kind, String owner, UUID instanceId, int leaseSeconds) {
    }

    private final WireMockServer server;

    RetentionHolds(WireMockServer server) {
        this.server = server;
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
                        request.get("leaseSeconds").asInt());
            }
        }
        throw new AssertionError("no hold was taken for job " + jobId);
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

    private static JsonNode read(String json) {
        return Json.read(JSON, json, JsonNode.class);
    }
}
