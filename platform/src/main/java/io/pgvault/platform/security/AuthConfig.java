package io.pgvault.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Bearer tokens, the same in every service ({@code pgvault.auth.*}). Verification itself is
 * smallrye-jwt's ({@code mp.jwt.verify.*}), whose defaults in this library point at these values.
 */
@ConfigMapping(prefix = "pgvault.auth")
public interface AuthConfig {

    /** {@code iss} of every accepted token, and the one the embedded issuer writes (env PGVAULT_JWT_ISSUER). */
    String issuer();

    /** {@code aud} every accepted token must carry, and the one the embedded issuer writes (env PGVAULT_JWT_AUDIENCE). */
    String audience();

    /** Where the public keys are: instance-service's {@code /.well-known/jwks.json} or an OIDC provider's (env PGVAULT_JWKS_URL). */
    String jwksUrl();

    /**
     * Where a service identity gets its token: instance-service's {@code /api/v1/auth/token} or an OIDC
     * provider's (env PGVAULT_TOKEN_URL).
     */
    String tokenUrl();

    /** This service's own identity, for calls to its peers. */
    ServiceClient serviceClient();

    /** The OAuth2 client-credentials identity of this service ({@code pgvault.auth.service-client.*}). */
    interface ServiceClient {

        /** The client id; by default the application name, e.g. {@code job-service}. */
        @WithDefault("${quarkus.application.name}")
        String id();

        /** File holding the client secret (one line), read at each token request so a rotated secret is picked up. */
        Optional<Path> secretFile();

        /** {@code scope} to send, for providers that want one (Entra ID: {@code api://<app>/.default}). */
        Optional<String> scope();

        /** How long before its expiry a cached token is replaced (at most half its lifetime). */
        @WithDefault("PT60S")
        Duration refreshBefore();

        /** Longest wait for a token answer. */
        @WithDefault("PT10S")
        Duration timeout();
    }
}
