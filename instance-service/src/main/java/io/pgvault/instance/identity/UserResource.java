package io.pgvault.instance.identity;

import io.pgvault.platform.idempotency.IdempotentRequests;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Caller;
import io.pgvault.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/** The embedded issuer's users, for backup-admins only; every change is in the user activity log. */
@Path("/api/v1/users")
@RolesAllowed(Roles.ADMIN)
public class UserResource {

    private final UserService service;
    private final UserRepository users;
    private final TokenIssuer issuer;
    private final SecurityIdentity identity;
    private final IdempotentRequests idempotency;

    public UserResource(UserService service, UserRepository users, TokenIssuer issuer, SecurityIdentity identity,
            IdempotentRequests idempotency) {
        this.idempotency = idempotency;
        this.service = service;
        this.users = users;
        this.issuer = issuer;
        this.identity = identity;
    }

    /** Creates a user; 201 with its Location, 400 naming each bad field, 409 when the name is taken. */
    @POST
    public Uni<Response> create(@Valid @NotNull CreateUserRequest request, @Context UriInfo uri) {
        return service.create(request, Caller.subject(identity)).map(user -> Response
                .created(uri.getAbsolutePathBuilder().path(user.id.toString()).build())
                .entity(UserResponse.from(user))
                .build());
    }

    /** Every user, by name. */
    @GET
    public Uni<List<UserResponse>> list() {
        issuer.requireEnabled();
        return users.listByName().map(l -> l.stream().map(UserResponse::from).toList());
    }

    /** One user; 404 if unknown. */
    @GET
    @Path("/{id}")
    public Uni<UserResponse> get(@PathParam("id") UUID id) {
        issuer.requireEnabled();
        return users.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("user", id))
                .map(UserResponse::from);
    }

    /** Disables a user: no more sign-in (tokens already issued expire within minutes); 409 for the last backup-admin. */
    @POST
    @Path("/{id}/disable")
    public Uni<UserResponse> disable(@PathParam("id") UUID id) {
        return service.disable(id, Caller.subject(identity)).map(UserResponse::from);
    }

    /** Enables a disabled user again. */
    @POST
    @Path("/{id}/enable")
    public Uni<UserResponse> enable(@PathParam("id") UUID id) {
        return service.enable(id, Caller.subject(identity)).map(UserResponse::from);
    }

    /**
     * Gives a user other roles (one or more of backup-reader, backup-operator, backup-admin, backup-approver):
     * 200 with the user, or 202 with a pending operation under multi-user authorization.
     */
    @PUT
    @Path("/{id}/roles")
    public Uni<Response> changeRoles(@PathParam("id") UUID id, @Valid @NotNull RolesRequest request,
            @HeaderParam(IdempotentRequests.HEADER) String key) {
        String scope = "roles:" + id;
        String actor = Caller.subject(identity);
        return idempotency.once(scope, key, request, () -> service.changeRoles(id, request, actor, scope, key));
    }

    /** Sets a user's password; 400 if it is too short. */
    @POST
    @Path("/{id}/reset-password")
    public Uni<UserResponse> resetPassword(@PathParam("id") UUID id, @Valid @NotNull ResetPasswordRequest request) {
        return service.resetPassword(id, request, Caller.subject(identity)).map(UserResponse::from);
    }
}
