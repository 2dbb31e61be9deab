package io.pgvault.job.messaging;

import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.job.job.JobService;
import io.pgvault.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records backup and restore jobs from {@code instance-commands}. It only writes the QUEUED job (in
 * the inbox's transaction); workers run it. Other commands are recorded as processed and ignored.
 */
@ApplicationScoped
public class InstanceCommandsConsumer {

    static final String CONSUMER = "job-service";

    private final Inbox inbox;
    private final JobService jobs;

    public InstanceCommandsConsumer(Inbox inbox, JobService jobs) {
        this.inbox = inbox;
        this.jobs = jobs;
    }

    @Incoming("instance-commands")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.once(CONSUMER, record, event -> {
            if (event instanceof BackupRequested backup) {
                return jobs.record(backup);
            }
            if (event instanceof RestoreRequested restore) {
                return jobs.record(restore);
            }
            return Uni.createFrom().voidItem();
        });
    }
}
