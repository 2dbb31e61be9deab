package io.pgvault.instance.messaging;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.contracts.retention.RecoveryPointCreated;
import io.pgvault.contracts.retention.RecoveryPointDeleted;
import io.pgvault.instance.protection.InstanceRepository;
import io.pgvault.instance.protection.ProtectionState;
import io.pgvault.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps each instance's recovery-point count from retention-service's events, and removes a DELETING
 * instance once retention-service reports its data purged.
 */
@ApplicationScoped
public class RetentionEventsConsumer {

    private static final Logger LOG = Logger.getLogger(RetentionEventsConsumer.class);

    private final Inbox inbox;
    private final InstanceRepository instances;

    public RetentionEventsConsumer(Inbox inbox, InstanceRepository instances) {
        this.inbox = inbox;
        this.instances = instances;
    }

    @Incoming("retention-events")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.once(JobEventsConsumer.CONSUMER, record, this::handle);
    }

    private Uni<Void> handle(Event event) {
        if (event instanceof RecoveryPointCreated e) {
            return count(e, e.livePoints());
        }
        if (event instanceof RecoveryPointDeleted e) {
            return count(e, e.livePoints());
        }
        if (event instanceof InstanceDataPurged e) {
            return instances.lock(e.instanceId()).chain(i -> {
                if (i == null) {
                    return Uni.createFrom().voidItem();
                }
                if (i.state == ProtectionState.DELETING) {
                    LOG.infof("backup instance %s (%s) purged by retention-service: removed", i.name, i.id);
                    return instances.delete(i);
                }
                i.recoveryPoints = 0;
                return Uni.createFrom().voidItem();
            });
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> count(Event e, int livePoints) {
        return instances.lock(e.instanceId()).invoke(i -> {
            if (i != null) {
                i.recoveryPoints = livePoints;
            }
        }).replaceWithVoid();
    }
}
