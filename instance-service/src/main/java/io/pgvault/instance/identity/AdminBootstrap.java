package io.pgvault.instance.identity;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * On a fresh set-up (no user at all), creates the first user, {@code admin} with role backup-admin,
 * whose password is read from {@code pgvault.auth.embedded-issuer.admin-password-file} (scripts/run
 * generates it into {@code .infra/secrets/admin.password}). Once any user exists it does nothing, so a
 * changed password is never reset by a restart.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    private final EmbeddedIssuerConfig config;
    private final UserRepository users;
    private final UserService service;

    public AdminBootstrap(EmbeddedIssuerConfig config, UserRepository users, UserService service) {
        this.config = config;
        this.users = users;
        this.service = service;
    }

    void onStart(@Observes StartupEvent start) throws Throwable {
        if (!config.enabled()) {
            return;
        }
        if (config.adminPasswordFile().isEmpty()) {
            LOG.info("no admin password file (pgvault.auth.embedded-issuer.admin-password-file): no first user is created");
            return;
        }
        Path file = config.adminPasswordFile().get();
        if (VertxContextSupport.subscribeAndAwait(users::count) > 0) {
            return;
        }
        String password;
        try {
            password = Files.readString(file).strip();
        } catch (IOException e) {
            LOG.warnf("admin password file %s is not readable (%s): no first user is created", file, e.toString());
            return;
        }
        if (password.length() < UserRules.MIN_PASSWORD) {
            LOG.warnf("the password in %s has fewer than %d characters: no first user is created", file,
                    UserRules.MIN_PASSWORD);
            return;
        }
        String hash = PasswordHasher.hash(password);
        try {
            User admin = VertxContextSupport.subscribeAndAwait(() -> service.bootstrapAdmin(config.adminUsername(), hash));
            if (admin != null) {
                LOG.infof("created the first user %s (role backup-admin), password from %s", admin.username, file);
            }
        } catch (RuntimeException e) {
            // Another replica starting at the same moment created it (the unique name refuses the second).
            LOG.warnf("first user not created: %s", e.toString());
        }
    }
}
