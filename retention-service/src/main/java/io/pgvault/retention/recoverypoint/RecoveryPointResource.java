package io.pgvault.retention.recoverypoint;

import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Caller;
import io.pgvault.platform.security.Roles;
import io.pgvault.platform.time.InstantRange;
import io.pgvault.retention.catalog.PointState;
import io.pgvault.retention.impact.ImpactPreview;
import io.pgvault.retention.impact.ImpactService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.UUID;

/**
 * The recovery-point catalog: list, details with the retention explanation, pin, extend, undelete.
 * Readers read; operators pin and extend; only admins unpin and undelete; the restore pre-check is for
 * instance-service's service identity only.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class RecoveryPointResource {

    private final RecoveryPointService service;
    private final SecurityIdentity identity;
    private final ImpactService impact;

    public RecoveryPointResource(RecoveryPointService service, SecurityIdentity identity, ImpactService impact) {
        this.impact = impact;
        this.service = service;
        this.identity = identity;
    }

    /**
     * Lists an instance's recovery points, newest first.
     *
     * @param instanceId the backup instance
     * @param from       only points created at or after this instant (RFC 3339)
     * @param to         only points created before this instant (RFC 3339)
     * @param state      only points in this state (LIVE, DELETED, PURGED); all if absent
     * @param page       zero-based page index
     * @param size       page size, 1 to 500
     */
    @GET
    @RolesAllowed(Roles.READER)
    @Path("/backup-instances/{instanceId}/recovery-points")
    public Uni<RecoveryPointPage> list(@PathParam("instanceId") UUID instanceId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("state") PointState state,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        Instant fromAt = instant("from", from);
        Instant toAt = instant("to", to);
        if (fromAt != null && toAt != null && !toAt.isAfter(fromAt)) {
            throw ProblemException.badField("to", "must be after from");
        }
        return service.list(instanceId, fromAt, toAt, state, page, size);
    }

    /** One recovery point: times, expiry (null = retained forever), tag, holds, artifacts, state, explanation. */
    @GET
    @RolesAllowed(Roles.READER)
    @Path("/recovery-points/{id}")
    public Uni<RecoveryPointResponse> get(@PathParam("id") UUID id) {
        return service.get(id);
    }

    /**
     * instance-service's restore pre-check: the same answer as {@code GET /recovery-points/{id}}, for
     * the service identity only (a user reads the point with that GET).
     */
    @GET
    @RolesAllowed(Roles.SERVICE)
    @Path("/recovery-points/{id}/restore-check")
    public Uni<RecoveryPointResponse> restoreCheck(@PathParam("id") UUID id) {
        return service.get(id);
    }

    /** Pins a live point: it is kept, whatever its expiry, until unpinned. 409 if not live. */
    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("/recovery-points/{id}/pin")
    public Uni<RecoveryPointResponse> pin(@PathParam("id") UUID id) {
        return service.pin(id, Caller.subject(identity));
    }

    /**
     * Unpins a point; its retention applies again. With {@code preview=true}, answers what unpinning would do
     * ({@link ImpactPreview}) and changes nothing.
     */
    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Path("/recovery-points/{id}/pin")
    public Uni<Object> unpin(@PathParam("id") UUID id, @QueryParam("preview") boolean preview) {
        return preview ? impact.previewUnpin(id).map(Object.class::cast) : service.unpin(id).map(Object.class::cast);
    }

    /** Same as {@code DELETE /recovery-points/{id}/pin}, for clients that only POST. */
    @POST
    @RolesAllowed(Roles.ADMIN)
    @Path("/recovery-points/{id}/unpin")
    public Uni<Object> unpinByPost(@PathParam("id") UUID id, @QueryParam("preview") boolean preview) {
        return unpin(id, preview);
    }

    /**
     * Purges a soft-deleted point now, before its grace period ends (files removed, PURGED, no undelete). 409
     * unless DELETED, under an ENABLED or LOCKED vault (naming the setting), or under multi-user authorization
     * (then ask instance-service: a pending operation).
     */
    @POST
    @RolesAllowed(Roles.ADMIN)
    @Path("/recovery-points/{id}/purge")
    public Uni<RecoveryPointResponse> purge(@PathParam("id") UUID id) {
        return service.purge(id);
    }

    /**
     * Moves a live point's expiry; 400 if earlier than the expiry it was born with or if it is kept
     * forever, 409 if not live.
     */
    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Path("/recovery-points/{id}/extend")
    public Uni<RecoveryPointResponse> extend(@PathParam("id") UUID id, @Valid @NotNull ExtendRequest request) {
        return service.extend(id, request);
    }

    /**
     * Brings back a soft-deleted point whose files were not purged yet; it comes back pinned. 409 if
     * it is not DELETED, or its instance was deleted. With {@code preview=true}, after the same checks, answers
     * what undeleting would do ({@link ImpactPreview}) and changes nothing.
     */
    @POST
    @RolesAllowed(Roles.ADMIN)
    @Path("/recovery-points/{id}/undelete")
    public Uni<Object> undelete(@PathParam("id") UUID id, @QueryParam("preview") boolean preview) {
        return preview ? impact.previewUndelete(id).map(Object.class::cast)
                : service.undelete(id, Caller.subject(identity)).map(Object.class::cast);
    }

    static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return InstantRange.parse(value).orElseThrow(() -> ProblemException.badField(field, InstantRange.MUST_BE));
    }
}
