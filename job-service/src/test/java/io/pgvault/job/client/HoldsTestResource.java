package io.pgvault.job.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test sources only: retention-service's hold endpoints, same paths and shapes, served by the
 * job-service under test (retention-service does not run in this module's tests; the real
 * cross-service path is proven by the end-to-end module). Records holds taken and released, and
 * refuses points a test marks.
 */
@Path("/api/v1/recovery-points")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HoldsTestResource {

    /** A hold as retention-service records it. */
    public record TakenHold(UUID id, UUID recoveryPointId, String kind, String owner, UUID instanceId) {
    }

    public static final Map<UUID, TakenHold> TAKEN = new ConcurrentHashMap<>();
    public static final Set<UUID> RELEASED = ConcurrentHashMap.newKeySet();
    /** Points to refuse, with the status to answer (404 unknown, 409 not live / other instance). */
    public static final Map<UUID, Integer> REFUSE = new ConcurrentHashMap<>();

    public record Request(String kind, String owner, UUID instanceId, int leaseSeconds) {
    }

    public record Answer(UUID id, UUID recoveryPointId, String kind, String owner, Instant leaseExpiresAt) {
    }

    @POST
    @Path("/{id}/holds")
    public Response take(@PathParam("id") UUID pointId, Request request) {
        Integer refusal = REFUSE.get(pointId);
        if (refusal != null) {
            return Response.status(refusal).type("application/problem+json")
                    .entity(Map.of("title", "Conflict", "status", refusal, "detail", "refused by test")).build();
        }
        UUID id = UUID.randomUUID();
        TAKEN.put(id, new TakenHold(id, pointId, request.kind(), request.owner(), request.instanceId()));
        return Response.created(URI.create("/api/v1/recovery-points/" + pointId + "/holds/" + id))
                .entity(new Answer(id, pointId, request.kind(), request.owner(),
                        Instant.now().plusSeconds(request.leaseSeconds())))
                .build();
    }

    @DELETE
    @Path("/{id}/holds/{holdId}")
    public Response release(@PathParam("id") UUID pointId, @PathParam("holdId") UUID holdId) {
        RELEASED.add(holdId);
        return Response.noContent().build();
    }
}
