package io.pgvault.retention.hold;

import io.pgvault.platform.security.Caller;
import io.pgvault.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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

/**
 * Restore holds: a leased claim that keeps a point while a restore reads it. Service-to-service only
 * (job-service), and for RESTORE holds only: holds belong to their owner, so a pin or a stop hold is
 * refused here with 409 naming the action that moves it.
 */
@Path("/api/v1/recovery-points/{id}/holds")
@RolesAllowed(Roles.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
public class HoldResource {

    private final HoldService service;
    private final SecurityIdentity identity;

    public HoldResource(HoldService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    /**
     * Takes a RESTORE hold with a lease (default 300 s), recorded as created by the calling service and
     * on behalf of {@code onBehalfOf}. 201 with the hold and its Location; taking it again with the same
     * owner renews it. 404 unknown point; 409 if the point is not LIVE or belongs to another instance.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> take(@PathParam("id") UUID id, @Valid @NotNull HoldRequest request, UriInfo uri) {
        return service.takeRestoreHold(id, request, Caller.subject(identity)).map(hold -> Response
                .created(uri.getAbsolutePathBuilder().path(hold.id().toString()).build())
                .entity(hold)
                .build());
    }

    /**
     * Renews a hold's lease from now, by its previous length or by {@code leaseSeconds}; no body.
     * 404 unknown hold; 409 if the point is no longer LIVE or the hold is not a RESTORE hold.
     */
    @POST
    @Path("/{holdId}/renew")
    public Uni<HoldResponse> renew(@PathParam("id") UUID id, @PathParam("holdId") UUID holdId,
            @QueryParam("leaseSeconds") @Min(1) @Max(86_400) Integer leaseSeconds) {
        return service.renew(id, holdId, leaseSeconds);
    }

    /**
     * Releases a RESTORE hold (204, also if it was released already). 404 unknown point; 409 for any
     * other kind of hold, naming the action that moves it.
     */
    @DELETE
    @Path("/{holdId}")
    public Uni<Response> release(@PathParam("id") UUID id, @PathParam("holdId") UUID holdId) {
        return service.release(id, holdId).map(v -> Response.noContent().build());
    }
}
