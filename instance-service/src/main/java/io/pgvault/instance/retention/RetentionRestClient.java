package io.pgvault.instance.retention;

import io.pgvault.platform.security.ServiceTokenHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * retention-service's REST API, as far as instance-service uses it; only {@link RetentionClient} calls it.
 * Every call carries this service's own token (role {@code pgvault-service}), never a user's.
 */
@RegisterRestClient(configKey = "retention")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@Path("/api/v1")
interface RetentionRestClient {

    /** The restore pre-check: the point as {@code GET /api/v1/recovery-points/{id}} answers it, for services only. */
    @GET
    @Path("/recovery-points/{id}/restore-check")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RecoveryPointView> restoreCheck(@PathParam("id") UUID id);

    /** What the vault keeps of an instance now. */
    @GET
    @Path("/backup-instances/{id}/immutability")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<InstanceImmutabilityView> immutability(@PathParam("id") UUID instanceId);

    /** What an action on the instance would do to its points (retention-service's impact preview). */
    @GET
    @Path("/backup-instances/{id}/impact")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ImpactView> impact(@PathParam("id") UUID instanceId, @QueryParam("action") String action,
            @QueryParam("mode") String mode);

    /** What new vault settings would do to every instance's points. */
    @GET
    @Path("/vault/impact")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ImpactView> vaultImpact(@QueryParam("gracePeriod") String gracePeriod, @QueryParam("floor") Integer floor);
}
