package io.pgvault.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Retries the handling of one consumed record while it fails for a {@link TransientFailures transient}
 * reason, with exponential backoff, for at most {@code pgvault.messaging.retry.max-duration}. The channel
 * handles one record at a time, so while a record is retried no later record of its partition (nor of
 * the channel) is handled before it: the partition does not advance.
 *
 * <p>Each retry counts in {@code pgvault.messaging.retries} (tags {@code consumer}, {@code topic}) and
 * logs one line. A failure that is not transient fails at once (the channel's dead-letter strategy sends
 * the record to the topic's {@code .dlq}); a transient one that outlives the bound fails with
 * {@link RetriesExhaustedException}, so the record also goes to the dead-letter topic, whence it can be
 * replayed, rather than stopping the channel for good.
 */
@ApplicationScoped
public class MessageRetry {

    /** The counter of retries. */
    public static final String RETRIES = "pgvault.messaging.retries";

    private static final Logger LOG = Logger.getLogger(MessageRetry.class);

    private final MeterRegistry registry;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxDuration;

    public MessageRetry(
            MeterRegistry registry,
            @ConfigProperty(name = "pgvault.messaging.retry.initial-backoff", defaultValue = "PT0.2S") Duration initialBackoff,
            @ConfigProperty(name = "pgvault.messaging.retry.max-backoff", defaultValue = "PT10S") Duration maxBackoff,
            @ConfigProperty(name = "pgvault.messaging.retry.max-duration", defaultValue = "PT5M") Duration maxDuration) {
        this.registry = registry;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxDuration = maxDuration;
    }

    /**
     * Runs {@code attempt} (a fresh one each time: it is called again for each retry) until it succeeds,
     * fails for a reason that is not transient, or the bound has passed.
     */
    public <T> Uni<T> handle(String consumer, ConsumerRecord<?, ?> record, Supplier<Uni<T>> attempt) {
        Counter retries = registry.counter(RETRIES, "consumer", consumer, "topic", record.topic());
        AtomicInteger failures = new AtomicInteger();
        long startedAt = System.nanoTime();
        // Each attempt runs on the consumer's Vert.x context: a retry resumes on a timer thread, and a
        // Hibernate Reactive session may only be opened and used on its context.
        Context context = Vertx.currentContext();
        Uni<T> once = Uni.createFrom().deferred(attempt::get);
        if (context != null) {
            once = once.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return once
                .onFailure(TransientFailures::isTransient).invoke(failure -> {
                    int n = failures.incrementAndGet();
                    retries.increment();
                    LOG.warnf("retrying %s of %s-%d@%d (attempt %d failed after %d ms in all): %s", consumer,
                            record.topic(), record.partition(), record.offset(), n,
                            Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), cause(failure));
                })
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(initialBackoff, maxBackoff).withJitter(0.2)
                .expireIn(maxDuration.toMillis())
                .onFailure(TransientFailures::isTransient).transform(failure -> new RetriesExhaustedException(
                        "still failing after " + failures.get() + " attempts over " + maxDuration + ": " + cause(failure),
                        failure));
    }

    /** The bound: how long a transient failure is retried. */
    public Duration maxDuration() {
        return maxDuration;
    }

    /** The innermost message of a failure, with its class: what the log line and the dead-letter reason name. */
    static String cause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** A transient failure that lasted longer than the bound. */
    public static class RetriesExhaustedException extends RuntimeException {
        public RetriesExhaustedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
