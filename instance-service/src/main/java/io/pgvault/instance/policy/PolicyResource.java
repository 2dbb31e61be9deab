package io.pgvault.instance.policy;

import io.pgvault.instance.config.InstanceConfig;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Caller;
import io.pgvault.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Backup policies: a schedule and retention rules, versioned. Readers read them; only admins change them. */
@Path("/api/v1/backup-policies")
public class PolicyResource {

    private final PolicyService service;
    private final PolicyRepository policies;
    private final PolicyVersionRepository versions;
    private final Clock clock;
    private final SecurityIdentity identity;
    private final InstanceConfig config;
    private final PolicyPreviews previews;

    public PolicyResource(PolicyService service, PolicyRepository policies, PolicyVersionRepository versions,
            Clock clock, SecurityIdentity identity, InstanceConfig config, PolicyPreviews previews) {
        this.previews = previews;
        this.service = service;
        this.policies = policies;
        this.versions = versions;
        this.clock = clock;
        this.identity = identity;
        this.config = config;
    }

    /**
     * The next runs of a schedule as typed ({@code ?schedule=&timeZone=&count=5}), checked as a policy's schedule
     * is: a 400 names {@code schedule} or {@code timeZone}. Nothing is stored; a policy form shows it as you type.
     */
    @GET
    @Path("/next-runs")
    @RolesAllowed(Roles.READER)
    public Uni<NextRunsResponse> nextRuns(@QueryParam("schedule") String schedule, @QueryParam("timeZone") String timeZone,
            @QueryParam("count") @DefaultValue("5") int count) {
        return Uni.createFrom().item(() -> {
            String zone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone.trim();
            return new NextRunsResponse(schedule, zone,
                    PolicyRules.nextRuns(schedule, zone, count, config.minScheduleInterval(), clock.instant()));
        });
    }

    /** Creates a policy (version 1); 201 with its Location, 400 naming each bad field, 409 on a taken name. */
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull PolicyRequest request, @Context UriInfo uri) {
        return service.create(request).map(p -> Response
                .created(uri.getAbsolutePathBuilder().path(p.id.toString()).build())
                .entity(PolicyResponse.from(p, clock.instant()))
                .build());
    }

    /** Every policy, by name. */
    @GET
    @RolesAllowed(Roles.READER)
    public Uni<List<PolicyResponse>> list() {
        return policies.listByName().map(l -> l.stream().map(p -> PolicyResponse.from(p, clock.instant())).toList());
    }

    /** One policy's current version; 404 if unknown. */
    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.READER)
    public Uni<PolicyResponse> get(@PathParam("id") UUID id) {
        return policies.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("backup policy", id))
                .map(p -> PolicyResponse.from(p, clock.instant()));
    }

    /** Every version of a policy, oldest first. */
    @GET
    @Path("/{id}/versions")
    @RolesAllowed(Roles.READER)
    public Uni<List<PolicyVersionResponse>> versions(@PathParam("id") UUID id) {
        return get(id).chain(() -> versions.of(id))
                .map(l -> l.stream().map(PolicyVersionResponse::from).toList());
    }

    /**
     * Updates a policy: a new version, used by every instance of the policy for its future backups
     * (each gets a PolicyChanged command); existing recovery points keep the retention they were born with.
     * {@code ?preview=true}: after the same checks, what the edit would do ({@link PolicyEditPreview}), nothing written.
     */
    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Object> update(@PathParam("id") UUID id, @Valid @NotNull PolicyRequest request,
            @QueryParam("preview") boolean preview) {
        if (preview) {
            return previews.update(id, request).map(Object.class::cast);
        }
        return service.update(id, request, Caller.subject(identity))
                .map(u -> PolicyResponse.from(u.policy(), clock.instant(), u.warnings()));
    }

    /** Deletes a policy; 409 naming the instances that use it. */
    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(204)
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return service.delete(id);
    }
}
