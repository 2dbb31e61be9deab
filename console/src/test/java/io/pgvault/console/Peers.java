package io.pgvault.console;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The three services as WireMock servers (each on a port of its own), so a test sees who was called with what. */
public class Peers implements QuarkusTestResourceLifecycleManager {

    static WireMockServer instance;
    static WireMockServer job;
    static WireMockServer retention;
    /** An external OpenID Connect provider: its authorization and token endpoints. */
    static WireMockServer idp;

    @Override
    public Map<String, String> start() {
        instance = started();
        job = started();
        retention = started();
        idp = started();
        return Map.of("pgvault.console.instance-url", instance.baseUrl(), "pgvault.console.job-url", job.baseUrl(),
                "pgvault.console.retention-url", retention.baseUrl(),
                "pgvault.console.oidc.issuer", idp.baseUrl() + "/realms/pgvault",
                "pgvault.console.oidc.authorization-endpoint", idp.baseUrl() + "/realms/pgvault/auth",
                "pgvault.console.oidc.token-endpoint", idp.baseUrl() + "/realms/pgvault/token",
                "pgvault.console.oidc.client-id", "pgvault-console");
    }

    private static WireMockServer started() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    @Override
    public void stop() {
        for (WireMockServer s : new WireMockServer[] {instance, job, retention, idp}) {
            if (s != null) {
                s.stop();
            }
        }
    }
}
