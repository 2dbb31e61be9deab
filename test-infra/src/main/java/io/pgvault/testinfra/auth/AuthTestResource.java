package io.pgvault.testinfra.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes the service under test trust {@link TestTokens}: the test issuer and audience, and the test
 * JVM's key pair ({@link TestKeys#jvm()}) as the embedded issuer's signing key. Verifiers read the
 * JWKS file of that pair, unless {@code jwks-url} says where else (instance-service points it at its
 * own {@code /.well-known/jwks.json}, as its peers do in production).
 *
 * <pre>{@code @QuarkusTestResource(AuthTestResource.class)}</pre>
 */
public class AuthTestResource implements QuarkusTestResourceLifecycleManager {

    private String jwksUrl;

    @Override
    public void init(Map<String, String> initArgs) {
        jwksUrl = initArgs.get("jwks-url");
    }

    @Override
    public Map<String, String> start() {
        TestKeys keys = TestKeys.jvm();
        Map<String, String> config = new HashMap<>();
        config.put("pgvault.auth.issuer", TestTokens.ISSUER);
        config.put("pgvault.auth.audience", TestTokens.AUDIENCE);
        config.put("pgvault.auth.jwks-url", jwksUrl != null ? jwksUrl : keys.jwksFile().toUri().toString());
        config.put("pgvault.auth.embedded-issuer.signing-key-location", keys.privateKeyFile().toString());
        return config;
    }

    @Override
    public void stop() {
        // The key files are removed when the JVM exits.
    }
}
