package io.pgvault.console.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

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

    /** The base URL of a service. */
    default URI urlOf(Service service) {
        return switch (service) {
            case INSTANCE -> instanceUrl();
            case JOB -> jobUrl();
            case RETENTION -> retentionUrl();
        };
    }
}
