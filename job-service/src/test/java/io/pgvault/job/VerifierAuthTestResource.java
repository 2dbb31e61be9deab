package io.pgvault.job;

import io.pgvault.testinfra.auth.AuthTestResource;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link AuthTestResource} for a service that only verifies tokens: job-service has no embedded
 * issuer, so the issuer's signing key, which no configuration root of job-service maps, is left out
 * (SmallRye Config refuses an unknown {@code pgvault.auth.*} property at start-up).
 */
public class VerifierAuthTestResource extends AuthTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.keySet().removeIf(key -> key.startsWith("pgvault.auth.embedded-issuer."));
        return config;
    }
}
