package io.pgvault.retention.hold;

import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/** Restore holds: a leased claim that keeps a point while a restore reads it. */
@Path("/api/v1/recovery-points/{id}/holds")
@Produces(MediaType.APPLICATION_JSON)
public class HoldResource {

    private final HoldService service;

    public HoldResource(HoldService service) {
        this.service = service;
    }

    /**
     * Takes a RESTORE hold with a lease (default 300 s). 201 with the hold and its Location; taking it
     * again with the same owner renews it. 404 unknown point; 409 if the point is not LIVE or belongs
     * to another instance.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> take(@PathParam("id") UUID id, @Valid @NotNull HoldRequest request, UriInfo uri) {
        return service.takeRestoreHold(id, request).map(hold -> Response
                .created(uri.getAbsolutePathBuilder().path(hold.id().toString()).build())
                .entity(hold)
                .build());
    }

    /**
     * Renews a hold's lease from now, by its previous length or by {@code leaseSeconds}; no body.
     * 404 unknown hold; 409 if the point is no longer LIVE.
     */
    @POST
    @Path("/{holdId}/renew")
    public Uni<HoldResponse> renew(@PathParam("id") UUID id, @PathParam("holdId") UUID holdId,
            @QueryParam("leaseSeconds") @Min(1) @Max(86_400) Integer leaseSeconds) {
        return service.renew(id, holdId, leaseSeconds);
    }

    /** Releases a hold (204, also if it was released already). 404 unknown point. */
    @DELETE
    @Path("/{holdId}")
    public Uni<Response> release(@PathParam("id") UUID id, @PathParam("holdId") UUID holdId) {
        return service.release(id, holdId).map(v -> Response.noContent().build());
    }
}
