package io.pgvault.job.jobs;

import io.pgvault.platform.security.Roles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Monitoring of backup and restore jobs: every read needs {@code backup-reader}, cancelling a job
 * {@code backup-operator} (the roles that include them are added by the platform's role hierarchy).
 */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.READER)
public class JobResource {

    private final JobQueries queries;
    private final JobService service;
    private final JobUpdates updates;
    private final Event<CancelledJob> cancellations;

    public JobResource(JobQueries queries, JobService service, JobUpdates updates, Event<CancelledJob> cancellations) {
        this.queries = queries;
        this.service = service;
        this.updates = updates;
        this.cancellations = cancellations;
    }

    /**
     * Lists jobs, newest first: the last 7 days unless {@code from} is given; {@code ?from=} (empty)
     * or {@code all=true} lists all. Pages with {@code cursor} = the previous page's {@code nextCursor}.
     *
     * @param instanceId only this instance
     * @param operation  BACKUP, RESTORE or VERIFY
     * @param status     QUEUED, IN_PROGRESS, COMPLETED, FAILED or CANCELLED
     * @param from       created at or after (ISO-8601)
     * @param to         created before (ISO-8601)
     * @param all        true: no time window
     * @param cursor     next page
     * @param limit      page size, 1–500, default 50
     * @param uri        the request's query, to see an empty {@code from}
     * @return one page
     */
    @GET
    public Uni<JobPage> list(@QueryParam("instanceId") String instanceId, @QueryParam("operation") String operation,
            @QueryParam("status") String status, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("all") Boolean all, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit,
            @Context UriInfo uri) {
        // "?from=" and a bare "?from" both mean "no lower bound": tell them apart from an absent from.
        String fromOrEmpty = from == null && uri.getQueryParameters().containsKey("from") ? "" : from;
        return queries.list(new JobQueries.ListRequest(instanceId, operation, status, fromOrEmpty, to, all, cursor,
                limit));
    }

    /**
     * One job: operation, trigger, instance, policy, status, times, bytes, progress, sub-tasks, error
     * and recovery point.
     *
     * @param id job id
     * @return the job; 404 problem+json if unknown
     */
    @GET
    @Path("/{id}")
    public Uni<JobDetails> get(@PathParam("id") UUID id) {
        return queries.details(id);
    }

    /**
     * Cancels a queued or running job: its process is stopped, its partial artifacts removed, its
     * status CANCELLED. 409 problem+json naming the current state if it already finished.
     *
     * @param id job id
     * @return the job as now
     */
    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<JobSummary> cancel(@PathParam("id") UUID id) {
        return service.cancel(id).invoke(summary -> {
            cancellations.fire(new CancelledJob(id));
            updates.publish(summary);
        });
    }

    /**
     * Server-Sent Events: every job change (status, progress) from now on, of one instance or all.
     *
     * @param instanceId only this instance
     * @return the stream of job summaries
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<JobSummary> stream(@QueryParam("instanceId") UUID instanceId) {
        return updates.stream(instanceId);
    }
}
