package io.pgvault.job.jobs;

import io.pgvault.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/**
 * On-demand restore verification of a recovery point: job-service answers it (the console routes
 * {@code /api/v1/recovery-points/{id}/verify} here), since the job is its own and the point's instance is
 * known from the backup job that wrote it. Needs {@code backup-operator}.
 */
@Path("/api/v1/recovery-points")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class VerificationResource {

    private final JobService service;
    private final JobUpdates updates;
    private final SecurityIdentity identity;

    public VerificationResource(JobService service, JobUpdates updates, SecurityIdentity identity) {
        this.service = service;
        this.updates = updates;
        this.identity = identity;
    }

    /**
     * Queues a VERIFY job: the point is restored into a scratch database on the verification server and
     * compared with the figures its backup recorded; the job's details and the point then carry the evidence.
     * 202 with the job and its URL; the same {@code Idempotency-Key} answers the same job; 404 problem+json
     * if no completed backup wrote the point.
     *
     * @param id             the recovery point
     * @param idempotencyKey optional; a retry with it creates nothing new
     * @return the queued job
     */
    @POST
    @Path("/{id}/verify")
    public Uni<Response> verify(@PathParam("id") UUID id, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return service.requestVerification(id, idempotencyKey, identity.getPrincipal().getName()).map(job -> {
            updates.publish(job);
            return Response.accepted(job).location(URI.create("/api/v1/jobs/" + job.id())).build();
        });
    }
}
