package io.pgvault.instance.protection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.StopMode;
import io.pgvault.instance.policy.PolicyRepository;
import io.pgvault.platform.idempotency.Answer;
import io.pgvault.platform.idempotency.IdempotentRequests;
import io.pgvault.platform.json.Json;
import io.pgvault.platform.problem.Enums;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Caller;
import io.pgvault.platform.security.Roles;
import io.pgvault.platform.security.SecurityProblems;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * Backup instances ("protected items"): protect a server, follow its protection, act on it. Every POST
 * action (and DELETE) accepts an {@code Idempotency-Key} header: a retry with the same key answers the same
 * and publishes nothing new ({@link IdempotentRequests} runs the use case and stores its answer).
 * Each operation names the lowest role that may call it; the token's subject is the actor of every action.
 */
@Path(InstanceResource.PATH)
public class InstanceResource {

    static final String PATH = "/api/v1/backup-instances";
    /**
     * The query parameter that turns an action into its impact preview ({@link ActionPreview}): the same validation
     * and roles, its approval and immutability checks reported, nothing changed, published or recorded.
     */
    static final String PREVIEW = "preview";

    private final InstanceService service;
    private final InstanceRepository instances;
    private final PolicyRepository policies;
    private final ActivityLog activity;
    private final IdempotentRequests idempotency;
    private final ObjectMapper json;
    private final SecurityIdentity identity;
    private final ActionPreviews previews;

    public InstanceResource(InstanceService service, InstanceRepository instances, PolicyRepository policies,
            ActivityLog activity, IdempotentRequests idempotency, ObjectMapper json, SecurityIdentity identity,
            ActionPreviews previews) {
        this.previews = previews;
        this.service = service;
        this.instances = instances;
        this.policies = policies;
        this.activity = activity;
        this.idempotency = idempotency;
        this.json = json;
        this.identity = identity;
    }

    /** Protects a server with a policy: 201 with the instance and its Location; never send a password. */
    @RolesAllowed(Roles.ADMIN)
    @POST
    public Uni<Response> protect(@Valid @NotNull InstanceRequests.Protect request,
            @HeaderParam(IdempotentRequests.HEADER) String key) {
        return idempotency.once("protect", key, request, () -> service.protect(request, actor())
                .map(instance -> Answer.created(PATH + "/" + instance.id(), instance)));
    }

    /**
     * Lists instances by name, filtered by state, policy and a part of the name; paged (page from 0).
     */
    @RolesAllowed(Roles.READER)
    @GET
    public Uni<PageOf<InstanceResponse>> list(
            @QueryParam("state") String state,
            @QueryParam("policyId") UUID policyId,
            @QueryParam("nameContains") @Size(max = 100) String nameContains,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        ProtectionState wanted = state == null ? null : Enums.parse(ProtectionState.class, state, "state");
        return instances.search(wanted, policyId, nameContains, page, size).chain(found -> policies
                .byIds(found.items().stream().map(i -> i.policyId).distinct().toList())
                .map(byId -> found.map(i -> InstanceResponse.from(i, byId.get(i.policyId)))));
    }

    /** One instance: state, policy and version, next and last backup, recovery points, stop reason. */
    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    public Uni<InstanceResponse> get(@PathParam("id") UUID id) {
        return instances.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("backup instance", id))
                .chain(i -> policies.findById(i.policyId).map(p -> InstanceResponse.from(i, p)))
                .chain(service::withHeldByVault);
    }

    /** Every action on the instance, newest first: time, action, actor, reason, comments, resulting state. */
    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}/activity")
    public Uni<List<ActivityResponse>> activity(@PathParam("id") UUID id) {
        return activity.of(id).chain(entries -> entries.isEmpty()
                ? get(id).replaceWith(List.<ActivityResponse>of())
                : Uni.createFrom().item(entries.stream().map(ActivityResponse::from).toList()));
    }

    /** Assigns another policy: 200; future backups use it, a PolicyChanged is published. {@code ?preview=true}: what it would do. */
    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{id}/change-policy")
    public Uni<Response> changePolicy(@PathParam("id") UUID id, @Valid @NotNull InstanceRequests.ChangePolicy request,
            @HeaderParam(IdempotentRequests.HEADER) String key, @QueryParam(PREVIEW) boolean preview) {
        if (preview) {
            return previews.changePolicy(id, request).map(InstanceResource::previewed);
        }
        return idempotency.once("change-policy:" + id, key, request,
                () -> service.changePolicy(id, request, actor()).map(Answer::ok));
    }

    /**
     * Backs up now: 202 with the job id and a Location at job-service; only in PROTECTION_CONFIGURED; 409
     * naming the job while another backup of the instance is queued or running.
     */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/backup")
    public Uni<Response> backup(@PathParam("id") UUID id, @HeaderParam(IdempotentRequests.HEADER) String key) {
        return idempotency.once("backup:" + id, key, null, () -> service.awaitActiveBackupEnd(id),
                () -> service.backupNow(id, actor()).map(InstanceResource::accepted));
    }

    /**
     * Restores a recovery point to files or a new database: 202 with the job; 404/409 if retention-service
     * does not know the point, or it is not this instance's or not live; 503 if it cannot be asked.
     */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/restore")
    public Uni<Response> restore(@PathParam("id") UUID id, @Valid @NotNull InstanceRequests.Restore request,
            @HeaderParam(IdempotentRequests.HEADER) String key) {
        return idempotency.once("restore:" + id, key, request, () -> service.checkRestore(id, request),
                () -> service.restore(id, request, actor()).map(InstanceResource::accepted));
    }

    /**
     * Stops protection: RETAIN_FOREVER or RETAIN_AS_PER_POLICY (backup-operator), or DELETE_DATA (with
     * confirmName; backup-admin, checked here as the mode is in the body: 403 naming backup-admin otherwise).
     * DELETE_DATA: 409 under an immutable vault while a point is unexpired; 202 with a pending operation under
     * multi-user authorization. {@code ?preview=true}: what the stop would do ({@link ActionPreview}), nothing changed.
     */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/stop-protection")
    public Uni<Response> stopProtection(@PathParam("id") UUID id,
            @Valid @NotNull InstanceRequests.StopProtection request,
            @HeaderParam(IdempotentRequests.HEADER) String key, @QueryParam(PREVIEW) boolean preview) {
        Enums.find(StopMode.class, request.mode()).ifPresent(mode -> requireRole(ProtectionAction.stop(mode)));
        if (preview) {
            return previews.stop(id, request).map(InstanceResource::previewed);
        }
        boolean deleteData = Enums.find(StopMode.class, request.mode()).orElse(null) == StopMode.DELETE_DATA;
        String scope = "stop-protection:" + id;
        return idempotency.once(scope, key, request,
                () -> deleteData ? service.checkImmutability(id, "stop-protection with DELETE_DATA")
                        : Uni.createFrom().voidItem(),
                () -> service.stopProtection(id, request, actor(), scope, key));
    }

    /**
     * Resumes protection after a retain mode; refused after DELETE_DATA. The body ({@code {"comments": …}}) is
     * optional, so a bare {@code curl -X POST} works: it is read as text whatever its content type.
     * {@code ?preview=true}: what the resume would do, nothing changed.
     */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/resume-protection")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = InstanceRequests.ResumeProtection.class)))
    public Uni<Response> resumeProtection(@PathParam("id") UUID id, String body,
            @HeaderParam(IdempotentRequests.HEADER) String key, @QueryParam(PREVIEW) boolean preview) {
        InstanceRequests.ResumeProtection request = resumeRequest(body);
        if (preview) {
            return previews.resume(id).map(InstanceResource::previewed);
        }
        return idempotency.once("resume-protection:" + id, key, request,
                () -> service.resumeProtection(id, request, actor()).map(Answer::ok));
    }

    /**
     * Deletes the instance (confirmName, reason, comments): 202, state SOFT_DELETED; it disappears once
     * retention-service has purged its recovery points. 409 under an immutable vault while a point is unexpired;
     * 202 with a pending operation under multi-user authorization. {@code ?preview=true}: what the deletion would
     * do (the immutability refusal and the approval reported), nothing changed.
     */
    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id, @Valid @NotNull InstanceRequests.Delete request,
            @HeaderParam(IdempotentRequests.HEADER) String key, @QueryParam(PREVIEW) boolean preview) {
        if (preview) {
            return previews.delete(id, request).map(InstanceResource::previewed);
        }
        String scope = "delete:" + id;
        return idempotency.once(scope, key, request, () -> service.checkImmutability(id, "deleting the instance"),
                () -> service.delete(id, request, actor(), scope, key));
    }

    /** The optional body of resume-protection; null when there is none. */
    private InstanceRequests.ResumeProtection resumeRequest(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        InstanceRequests.ResumeProtection request = Json.tryRead(json, body, InstanceRequests.ResumeProtection.class)
                .orElseThrow(() -> ProblemException.badField("comments", "body must be {\"comments\": \"…\"} or empty"));
        if (request.comments() != null && request.comments().length() > InstanceRequests.MAX_COMMENTS) {
            throw ProblemException.badField("comments", "size must be between 0 and " + InstanceRequests.MAX_COMMENTS);
        }
        return request;
    }

    /** Who acts: the token's subject. */
    private String actor() {
        return Caller.subject(identity);
    }

    /**
     * Refuses an action whose role is above the operation's own {@code @RolesAllowed}, with the same 403
     * problem {@link SecurityProblems} answers, naming the role the action needs.
     */
    private void requireRole(ProtectionAction action) {
        if (!Roles.grants(identity.getRoles(), action.role())) {
            throw new ProblemException(403, "Forbidden", "this operation needs role " + action.role() + " for "
                    + action.label() + "; the token has " + new TreeSet<>(identity.getRoles()), List.of(),
                    Map.of(SecurityProblems.REQUIRED_ROLES, List.of(action.role())));
        }
    }

    /** 200 with a preview (a preview is never stored as an idempotent answer: it changes nothing). */
    static Response previewed(ActionPreview preview) {
        return Response.ok(preview).build();
    }

    /** 202 with the job, and its URL at job-service as Location. */
    private static Answer accepted(JobAccepted job) {
        return Answer.accepted(job.jobUrl(), job);
    }
}
