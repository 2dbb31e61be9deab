package io.pgvault.retention.recoverypoint;

import io.pgvault.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** The drift report's uncataloged points (GET /api/v1/retention/drift), put back into the catalog. */
@Path("/api/v1/retention/drift/uncataloged")
@Produces(MediaType.APPLICATION_JSON)
public class RecatalogResource {

    private final Recataloging recataloging;

    public RecatalogResource(Recataloging recataloging) {
        this.recataloging = recataloging;
    }

    /**
     * Catalogs a point that is complete in the store but unknown to the catalog (its JobSucceeded was lost),
     * from its manifest, with the retention rules it was born with; answers the point as the catalog now has
     * it. Idempotent: a point already cataloged is answered as it is. 404 when the store has no such point,
     * 409 when it has no usable manifest.
     */
    @POST
    @Path("/{recoveryPointId}/recatalog")
    @RolesAllowed(Roles.ADMIN)
    public Uni<RecoveryPointResponse> recatalog(@PathParam("recoveryPointId") UUID recoveryPointId) {
        return recataloging.recatalog(recoveryPointId);
    }
}
