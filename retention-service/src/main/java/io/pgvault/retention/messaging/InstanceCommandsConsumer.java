package io.pgvault.retention.messaging;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.InstanceUndeleted;
import io.pgvault.contracts.instance.ProtectionResumed;
import io.pgvault.contracts.instance.PinRemovalApproved;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.instance.PurgeRequested;
import io.pgvault.contracts.instance.VaultSettingsChanged;
import io.pgvault.platform.inbox.Inbox;
import io.pgvault.retention.protection.ProtectionService;
import io.pgvault.retention.recoverypoint.RecoveryPointService;
import io.pgvault.retention.vault.VaultService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Hands protection changes to the protection package. PolicyChanged is deliberately ignored: a
 * point's expiry is fixed at birth, and new points carry their own policy snapshot.
 */
@ApplicationScoped
public class InstanceCommandsConsumer {

    private final Inbox inbox;
    private final ProtectionService protection;
    private final VaultService vault;
    private final RecoveryPointService recoveryPoints;

    public InstanceCommandsConsumer(Inbox inbox, ProtectionService protection, VaultService vault,
            RecoveryPointService recoveryPoints) {
        this.recoveryPoints = recoveryPoints;
        this.inbox = inbox;
        this.protection = protection;
        this.vault = vault;
    }

    @Incoming("instance-commands")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.once(JobEventsConsumer.CONSUMER, record, this::apply);
    }

    private Uni<Void> apply(Event event) {
        if (event instanceof ProtectionStopped stopped) {
            // ProtectionStopped names no actor (yet), so the stop holds record instance-service.
            return protection.stop(stopped.instanceId(), stopped.mode(), null);
        }
        if (event instanceof ProtectionResumed resumed) {
            return protection.resume(resumed.instanceId());
        }
        if (event instanceof InstanceDeleted deleted) {
            return protection.deleteInstance(deleted.instanceId());
        }
        if (event instanceof InstanceUndeleted undeleted) {
            return protection.undeleteInstance(undeleted.instanceId(), undeleted.actor());
        }
        if (event instanceof VaultSettingsChanged change) {
            return vault.apply(change);
        }
        if (event instanceof PinRemovalApproved unpin) {
            return recoveryPoints.unpinApproved(unpin.recoveryPointId(), unpin.requestedBy(), unpin.approvedBy());
        }
        if (event instanceof PurgeRequested purge) {
            return recoveryPoints.purgeRequested(purge.instanceId(), purge.recoveryPointId(), purge.requestedBy(),
                    purge.approvedBy());
        }
        return Uni.createFrom().voidItem();
    }
}
