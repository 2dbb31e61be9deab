package io.pgvault.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The retry wrapper's rules, without a broker: what is retried, how often it counts, and where it ends. */
class MessageRetryTest {

    private static final Duration BOUND = Duration.ofMillis(300);
    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MessageRetry retry = new MessageRetry(registry, Duration.ofMillis(10), Duration.ofMillis(50), BOUND);
    private final ConsumerRecord<String, String> record = new ConsumerRecord<>("job-events", 1, 42L, "key", "{}");

    @Test
    void aTransientFailureIsRetriedUntilTheAttemptSucceedsAndEachRetryCounts() {
        AtomicInteger attempts = new AtomicInteger();
        String result = retry.handle("retention-service", record, () -> attempts.incrementAndGet() <= 3
                ? Uni.createFrom().failure(new ConnectException("Connection refused"))
                : Uni.createFrom().item("handled")).await().atMost(AWAIT);

        assertThat(result).isEqualTo("handled");
        assertThat(attempts).hasValue(4);
        assertThat(registry.counter(MessageRetry.RETRIES, "consumer", "retention-service", "topic", "job-events").count())
                .isEqualTo(3);
    }

    @Test
    void aFailureThatIsNotTransientIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.handle("retention-service", record, () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("a bug"));
        }).await().atMost(AWAIT)).isInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aTransientFailureThatOutlivesTheBoundFailsTheMessageNamingTheAttemptsAndTheCause() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.handle("retention-service", record, () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new ConnectException("Connection refused"));
        }).await().atMost(AWAIT))
                .isInstanceOf(MessageRetry.RetriesExhaustedException.class)
                .hasMessageContaining("over " + BOUND)
                .hasMessageContaining("ConnectException: Connection refused");
        assertThat(attempts.get()).isGreaterThan(2);
    }
}
