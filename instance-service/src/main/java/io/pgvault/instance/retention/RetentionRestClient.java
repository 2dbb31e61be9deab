package io.pgvault.instance.retention;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** retention-service's REST API, as far as instance-service uses it; only {@link RetentionClient} calls it. */
@RegisterRestClient(configKey = "retention")
@Path("/api/v1/recovery-points")
interface RetentionRestClient {

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RecoveryPointView> get(@PathParam("id") UUID id);
}
