package io.pgvault.job.messaging;

import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.contracts.instance.VerifyRequested;
import io.pgvault.job.jobs.JobService;
import io.pgvault.job.jobs.JobSummary;
import io.pgvault.job.jobs.JobUpdates;
import io.pgvault.job.runner.JobWorker;
import io.pgvault.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records backup, restore and verification jobs from {@code instance-commands}. It only writes the QUEUED job (in
 * the inbox's transaction) and, once committed, announces it on the live job stream and wakes the workers,
 * so a free worker starts it at once.
 * Other commands are recorded as processed and ignored.
 */
@ApplicationScoped
public class InstanceCommandsConsumer {

    static final String CONSUMER = "job-service";

    private final Inbox inbox;
    private final JobService jobs;
    private final JobUpdates updates;
    private final JobWorker workers;

    public InstanceCommandsConsumer(Inbox inbox, JobService jobs, JobUpdates updates, JobWorker workers) {
        this.inbox = inbox;
        this.jobs = jobs;
        this.updates = updates;
        this.workers = workers;
    }

    @Incoming("instance-commands")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        AtomicReference<JobSummary> queued = new AtomicReference<>();
        return inbox.once(CONSUMER, record, event -> {
            if (event instanceof BackupRequested backup) {
                return jobs.record(backup).invoke(queued::set).replaceWithVoid();
            }
            if (event instanceof RestoreRequested restore) {
                return jobs.record(restore).invoke(queued::set).replaceWithVoid();
            }
            if (event instanceof VerifyRequested verify) {
                return jobs.record(verify).invoke(queued::set).replaceWithVoid();
            }
            return Uni.createFrom().voidItem();
        }).invoke(() -> {
            if (queued.get() != null) {
                updates.publish(queued.get());
                workers.wake();
            }
        });
    }
}
