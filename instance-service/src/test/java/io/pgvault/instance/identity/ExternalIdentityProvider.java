package io.pgvault.instance.identity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * instance-service with the embedded issuer off, trusting an external OIDC provider instead: a
 * Keycloak-like realm served by WireMock, whose key set holds a key pair made here (not the embedded
 * issuer's), and whose tokens carry their roles in {@code realm_access.roles}. Only the operator's
 * settings are used: {@code pgvault.auth.issuer}, {@code .audience}, {@code .jwks-url},
 * {@code smallrye.jwt.path.groups} and {@code pgvault.auth.embedded-issuer.enabled=false}.
 */
public class ExternalIdentityProvider implements QuarkusTestProfile {

    static final String ISSUER = "https://idp.example.test/realms/pgvault";
    static final String AUDIENCE = "pgvault-api";
    static final String CERTS = "/realms/pgvault/protocol/openid-connect/certs";
    static final String PRIVATE_KEY = "pgvault.test.idp.private-key";
    static final String JWKS = "pgvault.test.idp.jwks";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "pgvault.auth.embedded-issuer.enabled", "false",
                "smallrye.jwt.path.groups", "realm_access/roles");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(PgVaultTestResource.class, Map.of("database", "pgvault_instance")),
                new TestResourceEntry(Realm.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        // The global resources make this service its own issuer; here the provider is the only one.
        return true;
    }

    /** The identity provider's keys, as the test signs with them. */
    static TestKeys keys() {
        return TestKeys.of(Path.of(System.getProperty(PRIVATE_KEY)), Path.of(System.getProperty(JWKS)));
    }

    /** The realm: its key set on a random port. */
    public static class Realm implements QuarkusTestResourceLifecycleManager {

        private WireMockServer server;

        @Override
        public Map<String, String> start() {
            TestKeys keys = TestKeys.generate();
            System.setProperty(PRIVATE_KEY, keys.privateKeyFile().toString());
            System.setProperty(JWKS, keys.jwksFile().toString());
            server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            server.stubFor(get(urlEqualTo(CERTS)).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(keys.jwks())));
            return Map.of(
                    "pgvault.auth.issuer", ISSUER,
                    "pgvault.auth.audience", AUDIENCE,
                    "pgvault.auth.jwks-url", server.baseUrl() + CERTS);
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop();
            }
        }
    }
}
