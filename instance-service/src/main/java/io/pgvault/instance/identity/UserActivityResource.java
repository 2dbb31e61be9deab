package io.pgvault.instance.identity;

import io.pgvault.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.UUID;

/** The user activity log: who created, disabled, enabled a user or reset a password, newest first. */
@Path("/api/v1/user-activity")
@RolesAllowed(Roles.ADMIN)
public class UserActivityResource {

    private final UserActivityRepository activity;
    private final TokenIssuer issuer;

    public UserActivityResource(UserActivityRepository activity, TokenIssuer issuer) {
        this.activity = activity;
        this.issuer = issuer;
    }

    /** The newest entries ({@code limit}, at most 500), of one user when {@code userId} is given. */
    @GET
    public Uni<List<UserActivityResponse>> list(@QueryParam("userId") UUID userId,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        issuer.requireEnabled();
        return activity.newest(userId, limit).map(l -> l.stream().map(UserActivityResponse::from).toList());
    }
}
