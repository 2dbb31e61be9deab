package io.pgvault.platform.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wakes the outbox relay the moment a transaction that wrote outbox rows commits, in this replica and in
 * every other: the outbox table's trigger sends {@code NOTIFY pgvault_outbox}, which PostgreSQL delivers at
 * commit to every listening connection of the database, and this bean keeps one such connection per process
 * (a {@link PgSubscriber}, reconnecting every second when it is lost). After each (re)connect the relay runs
 * once, for rows written while nobody listened; {@code pgvault.outbox.interval} stays as the fallback poll
 * (a broker that was away, a notification lost with its connection).
 *
 * <p>Off with {@code pgvault.outbox.wake-on-commit=false} (the platform's own tests run the relay by hand).
 */
@ApplicationScoped
public class OutboxWakeup {

    /** The channel the outbox trigger notifies (V75__outbox_notify.sql). */
    public static final String CHANNEL = "pgvault_outbox";

    private static final Logger LOG = Logger.getLogger(OutboxWakeup.class);

    private final Vertx vertx;
    private final OutboxRelay relay;
    private final boolean enabled;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private PgSubscriber subscriber;

    public OutboxWakeup(Vertx vertx, OutboxRelay relay,
            @ConfigProperty(name = "pgvault.outbox.wake-on-commit", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.relay = relay;
        this.enabled = enabled;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent started) {
        if (!enabled) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:")
                ? url.substring("vertx-reactive:".length()) : url);
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        options.setReconnectAttempts(0);
        subscriber = PgSubscriber.subscriber(vertx, options);
        subscriber.reconnectPolicy(retries -> 1000L); // for as long as the process runs
        subscriber.channel(CHANNEL)
                .subscribeHandler(listening -> relay.wake()) // rows written while nobody listened
                .handler(payload -> relay.wake());
        subscriber.closeHandler(closed -> LOG.debug("outbox wake-up: connection closed"));
        subscriber.connect().onFailure(failure -> LOG.warnf(
                "outbox wake-up: cannot listen on %s (%s); the relay polls every pgvault.outbox.interval meanwhile",
                CHANNEL, failure.getMessage()));
        relay.wake();
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
