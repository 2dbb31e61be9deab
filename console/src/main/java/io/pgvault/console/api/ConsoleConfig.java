package io.pgvault.console.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where the console finds the three services, and how it keeps a signed-in user's token. */
@ConfigMapping(prefix = "pgvault.console")
public interface ConsoleConfig {

    /** instance-service's base URL: policies, instances, sign-in (env {@code PGVAULT_INSTANCE_URL}). */
    @WithDefault("http://127.0.0.1:8081")
    URI instanceUrl();

    /** job-service's base URL: jobs and their live stream (env {@code PGVAULT_JOB_URL}). */
    @WithDefault("http://127.0.0.1:8082")
    URI jobUrl();

    /** retention-service's base URL: recovery points and holds (env {@code PGVAULT_RETENTION_URL}). */
    @WithDefault("http://127.0.0.1:8083")
    URI retentionUrl();

    /** The HttpOnly, SameSite=Strict cookie that holds the signed-in user's access token. */
    @WithDefault("pgvault-session")
    String cookieName();

    /**
     * The claim of the access token that holds the roles, a {@code /}-separated path (env
     * {@code PGVAULT_JWT_ROLES_CLAIM}, as the services read it): {@code groups} for the embedded issuer,
     * {@code realm_access/roles} for Keycloak.
     */
    @WithDefault("groups")
    String rolesClaim();

    /** How long a call to a service may take before the page says the service did not answer. */
    @WithDefault("15s")
    Duration callTimeout();

    /** Sign-in at an external OpenID Connect provider instead of the embedded issuer, when configured. */
    Oidc oidc();

    /**
     * An external OpenID Connect provider (env {@code PGVAULT_CONSOLE_OIDC_*}): the console signs users in with the
     * authorization-code flow and PKCE (S256) and keeps the provider's access token, which the services verify
     * against the provider's key set (instance-service/IDENTITY.md, "An external identity provider").
     */
    interface Oidc {

        /** The provider's issuer ({@code iss} of its tokens); a token of another issuer is refused. Also its name on the page. */
        Optional<String> issuer();

        /** Where the browser goes to sign in ({@code PGVAULT_CONSOLE_OIDC_AUTHORIZATION_ENDPOINT}). */
        Optional<URI> authorizationEndpoint();

        /** Where the console exchanges the code for tokens ({@code PGVAULT_CONSOLE_OIDC_TOKEN_ENDPOINT}). */
        Optional<URI> tokenEndpoint();

        /** The console's client id at the provider ({@code PGVAULT_CONSOLE_OIDC_CLIENT_ID}). */
        Optional<String> clientId();

        /**
         * A file holding the client secret, for a confidential client (sent as HTTP Basic); none for a public client,
         * which PKCE protects ({@code PGVAULT_CONSOLE_OIDC_CLIENT_SECRET_FILE}).
         */
        Optional<Path> clientSecretFile();

        /** The scopes asked for. */
        @WithDefault("openid")
        String scope();

        /** The callback registered at the provider; by default this console's {@code /sign-in/oidc/callback}. */
        Optional<URI> redirectUri();

        /** Whether sign-in goes to the provider: an authorization and a token endpoint and a client id are set. */
        default boolean configured() {
            return authorizationEndpoint().isPresent() && tokenEndpoint().isPresent() && clientId().isPresent();
        }
    }

    /** The base URL of a service. */
    default URI urlOf(Service service) {
        return switch (service) {
            case INSTANCE -> instanceUrl();
            case JOB -> jobUrl();
            case RETENTION -> retentionUrl();
        };
    }
}
