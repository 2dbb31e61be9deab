package io.pgvault.instance.messaging;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.VerificationEvidence;
import io.pgvault.contracts.job.JobFailed;
import io.pgvault.contracts.job.JobStarted;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.contracts.job.VerificationCompleted;
import io.pgvault.instance.protection.InstanceReports;
import io.pgvault.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** job-service's events of backup jobs, handed to the instance they concern; restore jobs are not its business. */
@ApplicationScoped
public class JobEventsConsumer {

    static final String CONSUMER = "instance-service";

    private final Inbox inbox;
    private final InstanceReports reports;

    public JobEventsConsumer(Inbox inbox, InstanceReports reports) {
        this.inbox = inbox;
        this.reports = reports;
    }

    @Incoming("job-events")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.once(CONSUMER, record, this::handle);
    }

    private Uni<Void> handle(Event event) {
        if (event instanceof JobStarted e && e.operation() == Operation.BACKUP) {
            return reports.backupStarted(e.instanceId(), e.jobId(), e.occurredAt());
        }
        if (event instanceof JobSucceeded e && e.operation() == Operation.BACKUP) {
            return reports.backupSucceeded(e.instanceId(), e.jobId(),
                    e.finishedAt() != null ? e.finishedAt() : e.occurredAt());
        }
        if (event instanceof JobFailed e && e.operation() == Operation.BACKUP) {
            return reports.backupFailed(e.instanceId(), e.jobId(), e.occurredAt(), e.errorCode() + ": " + e.message());
        }
        if (event instanceof VerificationCompleted e && e.evidence() != null) {
            VerificationEvidence v = e.evidence();
            String message = v.mismatches().isEmpty() ? null : v.mismatches().get(0);
            return reports.verificationCompleted(e.instanceId(), v.jobId(), e.recoveryPointId(), v.outcome().name(),
                    v.finishedAt() != null ? v.finishedAt() : e.occurredAt(), message);
        }
        return Uni.createFrom().voidItem();
    }
}
