package io.pgvault.instance.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.platform.json.Json;
import io.pgvault.platform.problem.Enums;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Caller;
import io.pgvault.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * Multi-user authorization: the pending operations, and their approval, rejection (backup-approver, never
 * the requester: 403) and withdrawal (the requester). 409 when the operation is no longer PENDING, has
 * expired, or what it acts on changed since it was requested.
 */
@Path(PendingOperationResponse.PATH)
public class PendingOperationResource {

    private final PendingOperations operations;
    private final ObjectMapper json;
    private final SecurityIdentity identity;

    public PendingOperationResource(PendingOperations operations, ObjectMapper json, SecurityIdentity identity) {
        this.operations = operations;
        this.json = json;
        this.identity = identity;
    }

    /** Newest first; filters: state, instanceId, requestedBy. */
    @RolesAllowed(Roles.READER)
    @GET
    public Uni<List<PendingOperationResponse>> list(@QueryParam("state") String state,
            @QueryParam("instanceId") UUID instanceId, @QueryParam("requestedBy") String requestedBy,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        PendingState wanted = state == null ? null : Enums.parse(PendingState.class, state, "state");
        return operations.list(wanted, instanceId, requestedBy, page, size);
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    public Uni<PendingOperationResponse> get(@PathParam("id") UUID id) {
        return operations.get(id);
    }

    /** Approves: the operation acts now and its command is published. */
    @RolesAllowed(Roles.APPROVER)
    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DecisionRequest.class)))
    public Uni<PendingOperationResponse> approve(@PathParam("id") UUID id, String body) {
        return operations.approve(id, Caller.subject(identity), comment(body));
    }

    /** Rejects: nothing happens. */
    @RolesAllowed(Roles.APPROVER)
    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DecisionRequest.class)))
    public Uni<PendingOperationResponse> reject(@PathParam("id") UUID id, String body) {
        return operations.reject(id, Caller.subject(identity), comment(body));
    }

    /** Withdraws the caller's own request: nothing happens. */
    @RolesAllowed(Roles.READER)
    @POST
    @Path("/{id}/withdraw")
    @Consumes(MediaType.WILDCARD)
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DecisionRequest.class)))
    public Uni<PendingOperationResponse> withdraw(@PathParam("id") UUID id, String body) {
        return operations.withdraw(id, Caller.subject(identity), comment(body));
    }

    /** The optional body {@code {"comment": …}}, read whatever its content type, so a bare POST works. */
    private String comment(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        return Json.tryRead(json, body, DecisionRequest.class)
                .orElseThrow(() -> ProblemException.badField("comment", "body must be {\"comment\": \"…\"} or empty"))
                .comment();
    }
}
