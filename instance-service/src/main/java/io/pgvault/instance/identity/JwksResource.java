package io.pgvault.instance.identity;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/** The embedded issuer's public keys (RFC 7517), open to all: every service verifies tokens against it. */
@Path("/.well-known/jwks.json")
@PermitAll
public class JwksResource {

    private final TokenIssuer issuer;

    public JwksResource(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    /** The key set; 404 when the embedded issuer is off, 503 while it has no signing key. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<Map<String, Object>> keySet() {
        return RestResponse.ResponseBuilder.ok(issuer.keySet())
                .header(HttpHeaders.CACHE_CONTROL, "max-age=300")
                .build();
    }
}
