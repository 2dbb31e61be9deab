package io.pgvault.instance.retention;

import io.pgvault.platform.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * retention-service's {@code GET /api/v1/recovery-points/{id}}, served by the application under test on
 * its own test port ({@code %test.pgvault.instance.retention-service-url}), so restore validation goes
 * through the real REST client, timeouts and JSON mapping without a second service or a mock library.
 * Tests put the points they need.
 */
@Path("/api/v1/recovery-points")
public class RecoveryPointsFake {

    private static final Map<UUID, RecoveryPointView> POINTS = new ConcurrentHashMap<>();

    /** Makes retention-service know a point of {@code instanceId} in {@code state}. */
    public static UUID put(UUID instanceId, String state) {
        UUID id = UUID.randomUUID();
        POINTS.put(id, new RecoveryPointView(id, instanceId, Instant.parse("2026-01-01T02:00:00Z"), null, state));
        return id;
    }

    @GET
    @Path("/{id}")
    public RecoveryPointView get(@PathParam("id") UUID id) {
        RecoveryPointView point = POINTS.get(id);
        if (point == null) {
            throw ProblemException.notFound("recovery point", id);
        }
        return point;
    }
}
