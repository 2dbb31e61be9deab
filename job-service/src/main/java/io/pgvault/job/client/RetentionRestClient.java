package io.pgvault.job.client;

import io.pgvault.platform.security.ServiceTokenHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * retention-service's hold endpoints ({@code quarkus.rest-client.retention.*}); used only through
 * {@link RetentionClient}. They accept only role {@code pgvault-service}: every call carries this
 * service's own token ({@link ServiceTokenHeaders}).
 */
@RegisterRestClient(configKey = "retention")
@RegisterClientHeaders(ServiceTokenHeaders.class)
@Path("/api/v1/recovery-points")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface RetentionRestClient {

    @POST
    @Path("/{id}/holds")
    Uni<HoldResponse> takeHold(@PathParam("id") UUID recoveryPointId, HoldRequest request);

    @POST
    @Path("/{id}/holds/{holdId}/renew")
    Uni<HoldResponse> renewHold(@PathParam("id") UUID recoveryPointId, @PathParam("holdId") UUID holdId,
            @QueryParam("leaseSeconds") int leaseSeconds);

    @DELETE
    @Path("/{id}/holds/{holdId}")
    Uni<Void> releaseHold(@PathParam("id") UUID recoveryPointId, @PathParam("holdId") UUID holdId);
}
