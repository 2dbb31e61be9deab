package io.pgvault.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures a consumer retries before the dead-letter topic. */
class TransientFailuresTest {

    @Test
    void postgresqlStatesOfARestartASerializationFailureOrADeadlockAreTransient() {
        for (String state : new String[] {"40001", "40P01", "57P01", "57P02", "57P03", "53300", "08006", "08001"}) {
            assertThat(TransientFailures.isTransient(new PgException("m", "FATAL", state, null))).as(state).isTrue();
        }
    }

    @Test
    void constraintAndSyntaxErrorsAreNot() {
        for (String state : new String[] {"23505", "42601", "22P02", "42P01"}) {
            assertThat(TransientFailures.isTransient(new PgException("m", "ERROR", state, null))).as(state).isFalse();
        }
    }

    @Test
    void aLostConnectionIsFoundUnderTheWrappersOfHibernateAndMutiny() {
        assertThat(TransientFailures.isTransient(new CompletionException(new IllegalStateException("HR000001",
                new ConnectException("Connection refused"))))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SocketException("Connection reset")))).isTrue();
        assertThat(TransientFailures.isTransient(ClosedConnectionException.INSTANCE)).isTrue();
    }

    @Test
    void aBugOrAnUnreadableMessageIsNotTransient() {
        assertThat(TransientFailures.isTransient(new IllegalStateException("no such instance"))).isFalse();
        assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
        // a message that merely mentions a timeout is not one
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("timeout must be positive"))).isFalse();
        assertThat(TransientFailures.isTransient(new UncheckedIOException("disk full", new java.io.IOException("No space left"))))
                .isFalse();
    }
}
