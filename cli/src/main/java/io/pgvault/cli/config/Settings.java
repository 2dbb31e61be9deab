package io.pgvault.cli.config;

import io.pgvault.cli.http.Endpoints;
import io.pgvault.cli.http.Service;
import java.util.Map;
import java.util.Optional;

/**
 * Where each service is, first match wins: {@code --server}, then {@code PGVAULT_SERVER} (one base URL for
 * everything), then the service's own variable ({@code PGVAULT_INSTANCE_URL}, {@code PGVAULT_JOB_URL},
 * {@code PGVAULT_RETENTION_URL}), then what {@code pgvault login} stored, then the local defaults.
 */
public final class Settings {

    /** One base URL for every service. */
    public static final String SERVER_ENV = "PGVAULT_SERVER";

    private Settings() {}

    /** The single server asked for by flag or environment, if any. */
    public static Optional<String> server(String serverFlag, Map<String, String> env) {
        if (serverFlag != null && !serverFlag.isBlank()) {
            return Optional.of(serverFlag);
        }
        String fromEnv = env.get(SERVER_ENV);
        return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(fromEnv);
    }

    public static Endpoints endpoints(String serverFlag, Map<String, String> env, Optional<StoredLogin> stored) {
        Optional<String> server = server(serverFlag, env);
        if (server.isPresent()) {
            return Endpoints.single(server.get());
        }
        return new Endpoints(url(Service.INSTANCE, env, stored), url(Service.JOB, env, stored),
                url(Service.RETENTION, env, stored));
    }

    private static String url(Service service, Map<String, String> env, Optional<StoredLogin> stored) {
        String fromEnv = env.get(service.envVariable());
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return stored.map(s -> s.endpoints().of(service)).orElse(service.defaultUrl());
    }
}
