package io.pgvault.retention.impact;

import io.pgvault.contracts.common.StopMode;
import io.pgvault.platform.problem.Enums;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Impact previews: what an action would do to recovery points, computed by the same plan the action applies;
 * changes nothing. instance-service asks these for its {@code ?preview=true} answers (the action's own role is
 * checked there); an operator may ask directly.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ImpactResource {

    /** The instance actions a preview is asked for. */
    public enum InstanceAction {
        CHANGE_POLICY, EDIT_POLICY, STOP_PROTECTION, RESUME_PROTECTION, DELETE, UNDELETE
    }

    private final ImpactService service;

    public ImpactResource(ImpactService service) {
        this.service = service;
    }

    /**
     * What an action on the instance would do to each of its points.
     *
     * @param action CHANGE_POLICY, EDIT_POLICY, STOP_PROTECTION, RESUME_PROTECTION, DELETE or UNDELETE
     * @param mode   for STOP_PROTECTION: RETAIN_FOREVER, RETAIN_AS_PER_POLICY or DELETE_DATA
     */
    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.SERVICE})
    @Path("/backup-instances/{instanceId}/impact")
    public Uni<ImpactPreview> instance(@PathParam("instanceId") UUID instanceId, @QueryParam("action") String action,
            @QueryParam("mode") String mode) {
        if (action == null || action.isBlank()) {
            throw ProblemException.badField("action", "is required: " + Enums.mustBeOneOf(InstanceAction.class));
        }
        ImpactCommand command = switch (Enums.parse(InstanceAction.class, action, "action")) {
            case CHANGE_POLICY -> new ImpactCommand.PolicyChange("change-policy");
            case EDIT_POLICY -> new ImpactCommand.PolicyChange("policy edit");
            case STOP_PROTECTION -> {
                if (mode == null || mode.isBlank()) {
                    throw ProblemException.badField("mode", "is required: " + Enums.mustBeOneOf(StopMode.class));
                }
                yield new ImpactCommand.Stop(Enums.parse(StopMode.class, mode, "mode"));
            }
            case RESUME_PROTECTION -> new ImpactCommand.Resume();
            case DELETE -> new ImpactCommand.DeleteInstance();
            case UNDELETE -> new ImpactCommand.UndeleteInstance();
        };
        return service.preview(instanceId, command);
    }

    /**
     * What new vault settings would do to every instance's points.
     *
     * @param gracePeriod the new soft-delete grace period (ISO-8601, e.g. P14D); unchanged if absent
     * @param floor       the new floor (newest live points per instance the sweep never deletes, 1 or more);
     *                    unchanged if absent
     */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SERVICE})
    @Path("/vault/impact")
    public Uni<ImpactPreview> vault(@QueryParam("gracePeriod") String gracePeriod, @QueryParam("floor") Integer floor) {
        Duration grace = null;
        if (gracePeriod != null && !gracePeriod.isBlank()) {
            try {
                grace = Duration.parse(gracePeriod);
            } catch (DateTimeParseException e) {
                throw ProblemException.badField("gracePeriod", "must be an ISO-8601 duration such as P14D");
            }
        }
        if (floor != null && floor < 1) {
            throw ProblemException.badField("floor", "must be at least 1");
        }
        return service.preview(null, new ImpactCommand.VaultChange(grace, floor));
    }
}
