package io.pgvault.platform.security;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * This service's own bearer token for calls to its peers: fetched with OAuth2 client credentials
 * ({@code pgvault.auth.service-client.*}: the client id and a secret read from a file) from the
 * configured token URL, and reused until shortly before it expires. Concurrent callers during a
 * refresh share one request. REST clients get it through {@link ServiceTokenHeaders}.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Logger LOG = Logger.getLogger(ServiceTokens.class);

    /**
     * Token expiry is judged by the verifier's clock, the system's, not by the service's {@link Clock}
     * bean (tests move that one).
     */
    private static final Clock SYSTEM = Clock.systemUTC();

    private final AuthConfig.ServiceClient client;
    private final TokenEndpoint endpoint;
    private final Vertx vertx;

    private volatile CachedToken cached;
    private Uni<CachedToken> pending;

    public ServiceTokens(AuthConfig config, @RestClient TokenEndpoint endpoint, Vertx vertx) {
        this.client = config.serviceClient();
        this.endpoint = endpoint;
        this.vertx = vertx;
    }

    /** The value of an {@code Authorization} header: {@code Bearer <token>}. */
    public Uni<String> authorization() {
        return token().map(token -> "Bearer " + token);
    }

    /** The current token, fetched anew when none is held or the held one is about to expire. */
    public Uni<String> token() {
        CachedToken held = cached;
        if (held != null && held.usableAt(SYSTEM.instant())) {
            return Uni.createFrom().item(held.value());
        }
        return refresh().map(CachedToken::value);
    }

    /** Drops the held token, e.g. after a peer refused it with 401 (a rotated key); the next call fetches one. */
    public void forget() {
        cached = null;
    }

    private synchronized Uni<CachedToken> refresh() {
        if (pending == null) {
            pending = fetch().onItemOrFailure().invoke((token, failure) -> settle(token)).memoize().indefinitely();
        }
        return pending;
    }

    private synchronized void settle(CachedToken token) {
        if (token != null) {
            cached = token;
        }
        pending = null;
    }

    private Uni<CachedToken> fetch() {
        if (client.secretFile().isEmpty()) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "pgvault.auth.service-client.secret-file is not set: " + client.id() + " has no service identity"));
        }
        Path file = client.secretFile().get();
        return vertx.executeBlocking(() -> Files.readString(file).strip())
                .chain(secret -> endpoint.clientCredentials("client_credentials", client.id(), secret, client.scope().orElse(null)))
                .ifNoItem().after(client.timeout()).fail()
                .map(answer -> {
                    if (answer == null || answer.accessToken() == null || answer.expiresIn() <= 0) {
                        throw new IllegalStateException("the token endpoint answered without access_token or expires_in");
                    }
                    return CachedToken.of(answer.accessToken(), SYSTEM.instant(), Duration.ofSeconds(answer.expiresIn()),
                            client.refreshBefore());
                })
                .onFailure().invoke(f -> LOG.warnf("no service token for %s: %s", client.id(), f.toString()));
    }
}
