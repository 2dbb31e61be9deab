package io.pgvault.instance.vault;

import io.pgvault.instance.config.InstanceConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** At start-up, raises the vault to what config asks ({@code pgvault.instance.vault.*}); never lowers it. */
@ApplicationScoped
public class VaultStartup {

    private final InstanceConfig config;
    private final VaultService vault;

    public VaultStartup(InstanceConfig config, VaultService vault) {
        this.config = config;
        this.vault = vault;
    }

    void onStart(@Observes StartupEvent start) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> vault.raiseFromConfig(config.vault().immutability().orElse(null),
                config.vault().multiUserAuthorization(), config.vault().floor()));
    }
}
