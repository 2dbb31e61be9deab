package io.pgvault.instance.retention;

import io.pgvault.platform.security.ServiceTokenHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
}
