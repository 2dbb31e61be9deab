package io.pgvault.platform.security;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** {@code GET /api/v1/whoami} on every service: what this service makes of the caller's bearer token. */
@Path("/api/v1/whoami")
@Authenticated
public class WhoAmIResource {

    private final SecurityIdentity identity;

    public WhoAmIResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's subject, roles (with the ones they include), issuer and expiry. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public WhoAmI whoAmI() {
        List<String> roles = identity.getRoles().stream().sorted().toList();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return new WhoAmI(jwt.getSubject(), jwt.getName(), roles, jwt.getIssuer(),
                    Instant.ofEpochSecond(jwt.getExpirationTime()));
        }
        return new WhoAmI(Caller.subject(identity), identity.getPrincipal().getName(), roles, null, null);
    }
}
