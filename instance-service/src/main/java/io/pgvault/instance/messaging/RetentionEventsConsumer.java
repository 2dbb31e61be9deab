package io.pgvault.instance.messaging;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.contracts.retention.RecoveryPointCreated;
import io.pgvault.contracts.retention.RecoveryPointDeleted;
import io.pgvault.instance.protection.InstanceReports;
import io.pgvault.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** retention-service's recovery-point counts and purges, handed to the instance they concern. */
@ApplicationScoped
public class RetentionEventsConsumer {

    private final Inbox inbox;
    private final InstanceReports reports;

    public RetentionEventsConsumer(Inbox inbox, InstanceReports reports) {
        this.inbox = inbox;
        this.reports = reports;
    }

    @Incoming("retention-events")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.once(JobEventsConsumer.CONSUMER, record, this::handle);
    }

    private Uni<Void> handle(Event event) {
        if (event instanceof RecoveryPointCreated e) {
            return reports.recoveryPointCreated(e.instanceId(), e.recoveryPointId(),
                    e.createdAt() != null ? e.createdAt() : e.occurredAt(), e.livePoints());
        }
        if (event instanceof RecoveryPointDeleted e) {
            return reports.recoveryPointDeleted(e.instanceId(), e.recoveryPointId(), e.livePoints());
        }
        if (event instanceof InstanceDataPurged e) {
            return reports.dataPurged(e.instanceId());
        }
        return Uni.createFrom().voidItem();
    }
}
