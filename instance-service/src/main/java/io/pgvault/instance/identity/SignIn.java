package io.pgvault.instance.identity;

import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Sign-in to the embedded issuer: a user with a password, or a service client with its secret
 * (OAuth2 client credentials). A refusal never tells which part was wrong: an unknown user, a wrong
 * password and a disabled user get the same 401, after the same hashing work.
 */
@ApplicationScoped
public class SignIn {

    private static final Logger LOG = Logger.getLogger(SignIn.class);

    private final UserRepository users;
    private final TokenIssuer issuer;
    private final EmbeddedIssuerConfig config;
    private final Vertx vertx;

    public SignIn(UserRepository users, TokenIssuer issuer, EmbeddedIssuerConfig config, Vertx vertx) {
        this.users = users;
        this.issuer = issuer;
        this.config = config;
        this.vertx = vertx;
    }

    /** A token for the user, or 401. */
    public Uni<IssuedToken> user(String username, String password) {
        issuer.requireEnabled();
        return users.findByUsername(username == null ? "" : username.strip()).chain(user -> vertx
                // PBKDF2 is CPU work by design: off the event loop.
                .executeBlocking(() -> user == null ? PasswordHasher.decoy(password) : PasswordHasher.matches(password, user.passwordHash))
                .map(matches -> {
                    if (user == null) {
                        LOG.info("sign-in refused: no such user");
                        throw refused("invalid username or password", "invalid_grant");
                    }
                    if (!matches || !user.enabled) {
                        LOG.infof("sign-in refused for user %s: %s", user.username, matches ? "disabled" : "wrong password");
                        throw refused("invalid username or password", "invalid_grant");
                    }
                    return issuer.issue(user.username, user.roles);
                }));
    }

    /** A {@code pgvault-service} token for a configured service client, or 401. */
    public Uni<IssuedToken> client(String clientId, String secret) {
        issuer.requireEnabled();
        EmbeddedIssuerConfig.ServiceClient client = clientId == null ? null : config.clients().get(clientId);
        return vertx.executeBlocking(() -> client != null && secretMatches(clientId, client, secret))
                .map(matches -> {
                    if (!matches) {
                        LOG.infof("client credentials refused for %s", client == null ? "an unknown client" : clientId);
                        throw refused("invalid client id or secret", "invalid_client");
                    }
                    return issuer.issue(clientId, Set.of(Roles.SERVICE));
                });
    }

    private static boolean secretMatches(String clientId, EmbeddedIssuerConfig.ServiceClient client, String given)
            throws IOException {
        if (given == null || given.isEmpty()) {
            return false;
        }
        if (client.secretHash().isPresent()) {
            return PasswordHasher.matches(given, client.secretHash().get());
        }
        if (client.secretFile().isPresent()) {
            Path file = client.secretFile().get();
            if (!Files.isReadable(file)) {
                LOG.warnf("service client %s: secret file %s is not readable", clientId, file);
                return false;
            }
            return PasswordHasher.sameSecret(given, Files.readString(file).strip());
        }
        LOG.warnf("service client %s has neither secret-file nor secret-hash", clientId);
        return false;
    }

    private static ProblemException refused(String detail, String oauthError) {
        return new ProblemException(401, "Unauthorized", detail, List.of(), Map.of("error", oauthError));
    }
}
