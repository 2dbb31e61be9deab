package io.pgvault.retention.messaging;

import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.contracts.job.VerificationCompleted;
import io.pgvault.platform.inbox.Inbox;
import io.pgvault.retention.recoverypoint.RecoveryPointService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A backup's JobSucceeded records its recovery point, a VerificationCompleted the evidence on it; other job
 * events do not concern retention.
 */
@ApplicationScoped
public class JobEventsConsumer {

    static final String CONSUMER = "retention-service";

    private final Inbox inbox;
    private final RecoveryPointService points;

    public JobEventsConsumer(Inbox inbox, RecoveryPointService points) {
        this.inbox = inbox;
        this.points = points;
    }

    @Incoming("job-events")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.once(CONSUMER, record, event -> {
            if (event instanceof JobSucceeded succeeded) {
                return points.record(succeeded);
            }
            if (event instanceof VerificationCompleted verification) {
                return points.recordVerification(verification);
            }
            return Uni.createFrom().voidItem();
        });
    }
}
