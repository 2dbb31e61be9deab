package io.pgvault.retention.messaging;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.StopMode;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.InstanceUndeleted;
import io.pgvault.contracts.instance.ProtectionResumed;
import io.pgvault.contracts.instance.PinRemovalApproved;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.instance.PurgeRequested;
import io.pgvault.contracts.instance.VaultSettingsChanged;
import io.pgvault.platform.inbox.Inbox;
import io.pgvault.retention.impact.ImpactCommand;
import io.pgvault.retention.impact.ImpactPlan;
import io.pgvault.retention.impact.ImpactService;
import io.pgvault.retention.protection.ProtectionService;
import io.pgvault.retention.recoverypoint.RecoveryPointService;
import io.pgvault.retention.vault.VaultService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.stream.Collectors;
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
    private final ImpactService impact;
    private final RecoveryPointService recoveryPoints;

    public InstanceCommandsConsumer(Inbox inbox, ProtectionService protection, VaultService vault,
            ImpactService impact, RecoveryPointService recoveryPoints) {
        this.impact = impact;
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
            if (stopped.mode() == StopMode.DELETE_DATA) {
                return protection.deleteData(stopped.instanceId());
            }
            // the holds of the plan the stop's preview shows; ProtectionStopped names no actor (yet), so the stop
            // holds record instance-service
            return impact.plan(stopped.instanceId(), new ImpactCommand.Stop(stopped.mode()))
                    .chain(plan -> protection.placeStopHolds(plan.holdsToPlace().stream().collect(Collectors.groupingBy(
                            ImpactPlan.PlannedHold::kind, Collectors.mapping(ImpactPlan.PlannedHold::recoveryPointId,
                                    Collectors.toList()))), null));
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
