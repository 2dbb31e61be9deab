package io.pgvault.instance.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded issuer ({@code pgvault.auth.embedded-issuer.*}): instance-service signs tokens for the
 * users in its own database and for the service clients named here. Issuer and audience are
 * {@code pgvault.auth.issuer} and {@code pgvault.auth.audience}, the ones every verifier checks.
 */
@ConfigMapping(prefix = "pgvault.auth.embedded-issuer")
public interface EmbeddedIssuerConfig {

    /** Off when an external identity provider issues the tokens: sign-in, key set and users then answer 404. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The RSA private key tokens are signed with: a PKCS#8 PEM file (env PGVAULT_SIGNING_KEY_FILE).
     * Without it, sign-in and the key set answer 503.
     */
    Optional<String> signingKeyLocation();

    /** How long a token is valid. */
    @WithDefault("PT15M")
    Duration tokenTtl();

    /** The first user, created with role backup-admin when the database has no user at all. */
    @WithDefault("admin")
    String adminUsername();

    /** File holding the first user's password (env PGVAULT_ADMIN_PASSWORD_FILE); no first user without it. */
    Optional<Path> adminPasswordFile();

    /** Service clients that may get a {@code pgvault-service} token with client credentials, by client id. */
    Map<String, ServiceClient> clients();

    /** One service client: its secret, as a file holding it or as a PBKDF2 hash of it (one of the two). */
    interface ServiceClient {

        /** File holding the client's secret (one line), e.g. {@code .infra/secrets/service-job-service.secret}. */
        Optional<Path> secretFile();

        /** The secret's hash as {@link PasswordHasher} writes it, for hosts that should not hold the secret itself. */
        Optional<String> secretHash();
    }
}
