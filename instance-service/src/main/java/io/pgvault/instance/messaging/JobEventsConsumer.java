package io.pgvault.instance.messaging;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.job.JobFailed;
import io.pgvault.contracts.job.JobStarted;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.instance.protection.BackupInstance;
import io.pgvault.instance.protection.InstanceRepository;
import io.pgvault.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps each instance's "last backup" current from job-service's events, and clears the active backup
 * when it ends, so the next backup can be requested. Restore jobs do not touch the instance.
 */
@ApplicationScoped
public class JobEventsConsumer {

    static final String CONSUMER = "instance-service";

    private final Inbox inbox;
    private final InstanceRepository instances;

    public JobEventsConsumer(Inbox inbox, InstanceRepository instances) {
        this.inbox = inbox;
        this.instances = instances;
    }

    @Incoming("job-events")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.once(CONSUMER, record, this::handle);
    }

    private Uni<Void> handle(Event event) {
        if (event instanceof JobStarted e && e.operation() == Operation.BACKUP) {
            return update(e.instanceId(), i -> {
                if (!e.jobId().equals(i.lastBackupJobId) || i.lastBackupStatus == null) {
                    record(i, e.jobId(), "IN_PROGRESS", e.occurredAt(), null);
                }
            });
        }
        if (event instanceof JobSucceeded e && e.operation() == Operation.BACKUP) {
            return update(e.instanceId(), i -> {
                record(i, e.jobId(), "COMPLETED", e.finishedAt() != null ? e.finishedAt() : e.occurredAt(), null);
                clearActive(i, e.jobId());
            });
        }
        if (event instanceof JobFailed e && e.operation() == Operation.BACKUP) {
            return update(e.instanceId(), i -> {
                record(i, e.jobId(), "FAILED", e.occurredAt(), e.errorCode() + ": " + e.message());
                clearActive(i, e.jobId());
            });
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> update(UUID instanceId, java.util.function.Consumer<BackupInstance> change) {
        // an instance deleted meanwhile has nothing left to update
        return instances.lock(instanceId).invoke(i -> {
            if (i != null) {
                change.accept(i);
            }
        }).replaceWithVoid();
    }

    private static void record(BackupInstance i, UUID jobId, String status, Instant at, String error) {
        i.lastBackupJobId = jobId;
        i.lastBackupStatus = status;
        i.lastBackupAt = at;
        i.lastBackupError = error;
    }

    private static void clearActive(BackupInstance i, UUID jobId) {
        if (jobId.equals(i.activeBackupJobId)) {
            i.activeBackupJobId = null;
            i.activeBackupSince = null;
        }
    }
}
