package io.pgvault.retention.store;

import io.pgvault.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Catalog/store drift. */
@Path("/api/v1/retention/drift")
@RolesAllowed(Roles.READER)
@Produces(MediaType.APPLICATION_JSON)
public class DriftResource {

    private final StoreDrift drift;

    public DriftResource(StoreDrift drift) {
        this.drift = drift;
    }

    /**
     * Directories in the store with no catalog entry, and catalog entries whose directory is gone.
     * Changes nothing; the sweep flags missing files and removes orphans older than the grace period.
     */
    @GET
    public Uni<DriftReport> report() {
        return drift.report();
    }
}
