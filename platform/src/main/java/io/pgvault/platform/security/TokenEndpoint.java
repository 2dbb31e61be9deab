package io.pgvault.platform.security;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * An OAuth2 token endpoint (RFC 6749 §4.4, client credentials in the form body): instance-service's
 * or any OIDC provider's, at {@code quarkus.rest-client.pgvault-token.url}. Only {@link ServiceTokens} calls it.
 */
@RegisterRestClient(configKey = "pgvault-token")
interface TokenEndpoint {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<TokenAnswer> clientCredentials(
            @FormParam("grant_type") String grantType,
            @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret,
            @FormParam("scope") String scope);
}
