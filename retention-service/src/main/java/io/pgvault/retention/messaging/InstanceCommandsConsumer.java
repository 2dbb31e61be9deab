package io.pgvault.retention.messaging;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.ProtectionResumed;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.platform.inbox.Inbox;
import io.pgvault.retention.hold.HoldService;
import io.pgvault.retention.protection.InstanceDeletions;
import io.pgvault.retention.recoverypoint.PointDeletions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies protection changes to existing points. PolicyChanged is deliberately ignored: a point's
 * expiry is fixed at birth, and new points carry their own policy snapshot.
 */
@ApplicationScoped
public class InstanceCommandsConsumer {

    private final Inbox inbox;
    private final HoldService holds;
    private final InstanceDeletions deletions;

    public InstanceCommandsConsumer(Inbox inbox, HoldService holds, InstanceDeletions deletions) {
        this.inbox = inbox;
        this.holds = holds;
        this.deletions = deletions;
    }

    @Incoming("instance-commands")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.once(JobEventsConsumer.CONSUMER, record, this::apply);
    }

    private Uni<Void> apply(Event event) {
        if (event instanceof ProtectionStopped stopped) {
            return switch (stopped.mode()) {
                case RETAIN_FOREVER -> holds.retainForever(stopped.instanceId()).replaceWithVoid();
                case RETAIN_AS_PER_POLICY -> holds.retainLatest(stopped.instanceId());
                case DELETE_DATA -> deletions.request(stopped.instanceId(), PointDeletions.PROTECTION_STOPPED);
            };
        }
        if (event instanceof ProtectionResumed resumed) {
            return holds.releaseStopHolds(resumed.instanceId()).replaceWithVoid();
        }
        if (event instanceof InstanceDeleted deleted) {
            return deletions.request(deleted.instanceId(), PointDeletions.INSTANCE_DELETED);
        }
        return Uni.createFrom().voidItem();
    }
}
