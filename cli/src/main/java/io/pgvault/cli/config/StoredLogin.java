package io.pgvault.cli.config;

import io.pgvault.cli.http.Endpoints;

/**
 * What {@code pgvault login} keeps: the token and the server settings it was issued with.
 *
 * @param username    who signed in
 * @param tokenType   {@code Bearer}
 * @param accessToken the token
 * @param expiresAt   when the token expires (ISO-8601 instant), or null if the server did not say
 * @param server      the single server URL given at login, or null when per-service URLs were used
 * @param endpoints   each service's base URL at login
 */
public record StoredLogin(String username, String tokenType, String accessToken, String expiresAt, String server,
        Endpoints endpoints) {}
