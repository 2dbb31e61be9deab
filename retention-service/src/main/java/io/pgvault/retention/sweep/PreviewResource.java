package io.pgvault.retention.sweep;

import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Roles;
import io.pgvault.platform.time.InstantRange;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Retention dry run. */
@Path("/api/v1/retention")
@RolesAllowed(Roles.READER)
@Produces(MediaType.APPLICATION_JSON)
public class PreviewResource {

    private final PreviewService service;
    private final Clock clock;

    public PreviewResource(PreviewService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /**
     * What the sweep would delete (and purge) by {@code at}, and why; changes nothing. Uses the
     * sweep's own query, so a sweep at {@code at} deletes exactly these points if nothing changes
     * in between.
     *
     * @param at         the moment to preview (RFC 3339); now if absent
     * @param instanceId only this instance's points; all instances if absent
     */
    @GET
    @Path("/preview")
    public Uni<RetentionPreview> preview(@QueryParam("at") String at, @QueryParam("instanceId") String instanceId) {
        Instant when = at == null || at.isBlank() ? clock.instant()
                : InstantRange.parse(at).orElseThrow(() -> ProblemException.badField("at", InstantRange.MUST_BE));
        UUID instance;
        try {
            instance = instanceId == null || instanceId.isBlank() ? null : UUID.fromString(instanceId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("instanceId", "must be a UUID");
        }
        return service.preview(when, instance);
    }
}
