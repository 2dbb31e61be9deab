package io.pgvault.instance.recoverypoint;

import io.pgvault.contracts.instance.PinRemovalApproved;
import io.pgvault.contracts.instance.PurgeRequested;
import io.pgvault.instance.approval.PendingOperation;
import io.pgvault.instance.approval.PendingOperations;
import io.pgvault.instance.approval.ProtectedOperation;
import io.pgvault.instance.protection.InstanceService;
import io.pgvault.instance.retention.RecoveryPointView;
import io.pgvault.instance.retention.RetentionClient;
import io.pgvault.instance.vault.VaultRules;
import io.pgvault.instance.vault.VaultService;
import io.pgvault.platform.idempotency.Answer;
import io.pgvault.platform.outbox.Outbox;
import io.pgvault.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Unpin and purge-before-grace of a recovery point under multi-user authorization. retention-service owns points
 * and pins but not the pending operations, so while MUA is on it refuses a user's unpin or purge (409 pointing
 * here); here the request becomes a pending operation, and its approval publishes the command retention-service
 * carries out (PinRemovalApproved, PurgeRequested) through the outbox, once. retention-service re-checks the vault
 * when the command arrives, so a vault made immutable meanwhile still keeps the point.
 */
@ApplicationScoped
public class PointOperations {

    private final RetentionClient retention;
    private final VaultService vault;
    private final PendingOperations pending;
    private final Outbox outbox;
    private final InstanceService instances;
    private final Clock clock;

    public PointOperations(RetentionClient retention, VaultService vault, PendingOperations pending, Outbox outbox,
            InstanceService instances, Clock clock) {
        this.retention = retention;
        this.vault = vault;
        this.pending = pending;
        this.outbox = outbox;
        this.instances = instances;
        this.clock = clock;
    }

    /** The point as retention-service knows it now, outside any transaction; 404 if unknown. */
    public Uni<RecoveryPointView> point(UUID id) {
        return retention.recoveryPoint(id).map(found -> found.orElseThrow(
                () -> ProblemException.notFound("recovery point", id)));
    }

    /**
     * Records the pending operation (in the caller's transaction): 202 with it. 409 naming the setting when
     * multi-user authorization is off (then retention-service acts at once), when an ENABLED or LOCKED vault
     * refuses it, or when the point is not in the state it needs (unpin: pinned; purge: DELETED).
     */
    public Uni<Answer> request(ProtectedOperation operation, RecoveryPointView point, String actor, String scope,
            String key) {
        return vault.current().chain(settings -> {
            if (!settings.multiUserAuthorization()) {
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("setting", "multiUserAuthorization");
                facts.put("recoveryPointId", point.id().toString());
                throw ProblemException.conflict("multi-user authorization is off: " + verb(operation)
                        + " the point at retention-service (" + retentionPath(operation, point.id()) + ")", facts);
            }
            refuse(operation, point, settings);
            return pending.request(operation, point.instanceId(), point.id().toString(), point.state(),
                            summary(operation, point), null, scope, key, actor)
                    .map(op -> Answer.accepted(op.url(), op));
        });
    }

    /** Before the approval's transaction: the point must still be as it was requested (409 otherwise). */
    Uni<Void> check(PendingOperation op) {
        UUID id = UUID.fromString(op.target);
        return retention.recoveryPoint(id).invoke(found -> {
            RecoveryPointView point = found.orElseThrow(() -> ProblemException.conflict("recovery point " + id
                    + " no longer exists; pending operation " + op.id + " cannot act", Map.of("recoveryPointId",
                    id.toString())));
            if (!point.state().equals(op.observedState)
                    || (op.operation == ProtectedOperation.UNPIN_RECOVERY_POINT && !point.pinned())) {
                throw ProblemException.conflict("recovery point " + id + " changed since pending operation " + op.id
                                + " was requested: it was " + op.observedState + " and is " + point.state()
                                + (point.pinned() ? "" : ", unpinned") + "; nothing was done",
                        Map.of("recoveryPointId", id.toString(), "currentState", point.state()));
            }
        }).replaceWithVoid();
    }

    /** In the approval's transaction: the vault re-checked, then the command to the outbox and the activity entry. */
    Uni<Void> approved(PendingOperation op, String approver) {
        UUID id = UUID.fromString(op.target);
        return vault.current().chain(settings -> {
            refuseByVault(op.operation, id, settings);
            Instant now = clock.instant();
            var command = op.operation == ProtectedOperation.UNPIN_RECOVERY_POINT
                    ? new PinRemovalApproved(op.commandEventId(), op.instanceId, now, id, op.requestedBy, approver)
                    : new PurgeRequested(op.commandEventId(), op.instanceId, now, id, op.requestedBy, approver);
            return outbox.publish(command)
                    .chain(() -> instances.recordApproved(op, op.operation.name(), approver));
        });
    }

    Uni<Void> record(PendingOperation op, String step, String actor) {
        return instances.recordPending(op, step, actor);
    }

    private static void refuse(ProtectedOperation operation, RecoveryPointView point, VaultRules.Settings settings) {
        if (operation == ProtectedOperation.UNPIN_RECOVERY_POINT && !point.pinned()) {
            throw ProblemException.conflict("recovery point " + point.id() + " has no pin",
                    Map.of("recoveryPointId", point.id().toString()));
        }
        if (operation == ProtectedOperation.PURGE_RECOVERY_POINT && !RecoveryPointView.DELETED.equals(point.state())) {
            throw ProblemException.conflict("recovery point " + point.id() + " is " + point.state()
                            + "; only a DELETED (soft-deleted) point can be purged",
                    Map.of("recoveryPointId", point.id().toString(), "currentState", point.state()));
        }
        if (operation == ProtectedOperation.PURGE_RECOVERY_POINT || RecoveryPointView.LIVE.equals(point.state())) {
            refuseByVault(operation, point.id(), settings);
        }
    }

    private static void refuseByVault(ProtectedOperation operation, UUID id, VaultRules.Settings settings) {
        if (!settings.immutability().protectsPoints()) {
            return;
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("setting", "immutability");
        facts.put("immutability", settings.immutability().name());
        facts.put("recoveryPointId", id.toString());
        throw ProblemException.conflict("the vault is " + settings.immutability() + ": "
                + (operation == ProtectedOperation.UNPIN_RECOVERY_POINT ? "the pin of recovery point " + id
                        + " cannot be removed" : "recovery point " + id + " cannot be purged before its grace period ends"),
                facts);
    }

    private static String verb(ProtectedOperation operation) {
        return operation == ProtectedOperation.UNPIN_RECOVERY_POINT ? "unpin" : "purge";
    }

    private static String retentionPath(ProtectedOperation operation, UUID id) {
        return operation == ProtectedOperation.UNPIN_RECOVERY_POINT ? "DELETE /api/v1/recovery-points/" + id + "/pin"
                : "POST /api/v1/recovery-points/" + id + "/purge";
    }

    private static String summary(ProtectedOperation operation, RecoveryPointView point) {
        return operation == ProtectedOperation.UNPIN_RECOVERY_POINT
                ? "remove the pins of recovery point " + point.id() + ": its retention applies again"
                : "purge soft-deleted recovery point " + point.id() + " now, before its grace period ends: its files"
                        + " are removed and it cannot be undeleted";
    }
}
