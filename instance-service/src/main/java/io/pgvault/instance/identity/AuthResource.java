package io.pgvault.instance.identity;

import io.pgvault.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The embedded issuer's token endpoint, open to all: a user signs in with JSON, a service with the
 * OAuth2 client-credentials form. Tokens are short-lived (15 minutes by default); answers are never cached.
 */
@Path("/api/v1/auth/token")
@PermitAll
public class AuthResource {

    private final SignIn signIn;

    public AuthResource(SignIn signIn) {
        this.signIn = signIn;
    }

    /**
     * Signs a user in: {@code {"username","password"}} gives {@code {"accessToken","tokenType":"Bearer","expiresIn"}}.
     * 401 for a wrong password, an unknown or a disabled user alike; 404 when the embedded issuer is off.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<TokenResponse>> signIn(@Valid @NotNull SignInRequest request) {
        return signIn.user(request.username(), request.password()).map(AuthResource::answer);
    }

    /**
     * OAuth2 client credentials for a service identity ({@code grant_type=client_credentials&client_id=…&client_secret=…},
     * or the id and secret as HTTP Basic): a token with role {@code pgvault-service}. 401 for an unknown client or a wrong secret.
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<TokenResponse>> clientCredentials(@RestForm("grant_type") String grantType,
            @RestForm("client_id") String clientId, @RestForm("client_secret") String clientSecret,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!"client_credentials".equals(grantType)) {
            throw new ProblemException(400, "Invalid request",
                    "grant_type: must be client_credentials (users sign in with JSON {\"username\",\"password\"})",
                    List.of(), Map.of("error", "unsupported_grant_type"));
        }
        String id = clientId;
        String secret = clientSecret;
        if (id == null && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair = basic(authorization.substring(6).strip());
            int colon = pair.indexOf(':');
            id = colon < 0 ? pair : pair.substring(0, colon);
            secret = colon < 0 ? null : pair.substring(colon + 1);
        }
        return signIn.client(id, secret).map(AuthResource::answer);
    }

    private static RestResponse<TokenResponse> answer(IssuedToken token) {
        // RFC 6749 §5.1: a token answer is never stored by a cache.
        return RestResponse.ResponseBuilder.ok(TokenResponse.of(token))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    private static String basic(String encoded) {
        try {
            return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Invalid request", "Authorization: Basic credentials are not base64",
                    List.of(), Map.of("error", "invalid_request"));
        }
    }
}
