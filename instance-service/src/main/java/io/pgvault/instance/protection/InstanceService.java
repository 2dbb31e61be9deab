package io.pgvault.instance.protection;

import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.common.StopMode;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.InstanceUndeleted;
import io.pgvault.contracts.instance.PolicyChanged;
import io.pgvault.contracts.instance.ProtectionResumed;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.instance.PurgeRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.instance.approval.PendingOperation;
import io.pgvault.instance.approval.PendingOperations;
import io.pgvault.instance.approval.ProtectedOperation;
import io.pgvault.instance.config.InstanceConfig;
import io.pgvault.instance.policy.BackupPolicy;
import io.pgvault.instance.policy.PolicyRepository;
import io.pgvault.instance.policy.ShorterRetention;
import io.pgvault.instance.retention.RecoveryPointView;
import io.pgvault.instance.retention.RetentionClient;
import io.pgvault.instance.vault.VaultService;
import io.pgvault.platform.idempotency.Answer;
import io.pgvault.platform.outbox.Outbox;
import io.pgvault.platform.problem.Enums;
import io.pgvault.platform.problem.FieldErrors;
import io.pgvault.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Use cases of backup instances. Each changes the instance and writes the command it causes to the outbox
 * in one transaction, with the instance row locked, so actions on one instance run one at a time, and
 * answers what the instance or the job now is; how that becomes an HTTP answer is the resource's business.
 */
@ApplicationScoped
public class InstanceService {

    /** How often the settle waits look again. */
    private static final java.time.Duration SETTLE_POLL = java.time.Duration.ofMillis(20);

    private final InstanceRepository instances;
    private final PolicyRepository policies;
    private final Outbox outbox;
    private final ActivityLog activity;
    private final RetentionClient retention;
    private final AllowedServers servers;
    private final VaultService vault;
    private final PendingOperations pending;
    private final InstanceConfig config;
    private final Clock clock;

    public InstanceService(InstanceRepository instances, PolicyRepository policies, Outbox outbox, ActivityLog activity,
            RetentionClient retention, AllowedServers servers, VaultService vault, PendingOperations pending,
            InstanceConfig config, Clock clock) {
        this.vault = vault;
        this.pending = pending;
        this.instances = instances;
        this.policies = policies;
        this.outbox = outbox;
        this.activity = activity;
        this.retention = retention;
        this.servers = servers;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Protects a server: state PROTECTION_CONFIGURED, next due time from its policy; never a socket path
     * unless allowed; {@code actor} is who asks.
     */
    @WithTransaction
    public Uni<InstanceResponse> protect(InstanceRequests.Protect request, String actor) {
        servers.checkSource(request.datasource().host().trim());
        return policy(request.policyId(), "policyId")
                .call(() -> instances.findByName(request.name().trim()).invoke(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("a backup instance named " + existing.name + " exists",
                                Map.of("existingId", existing.id.toString()));
                    }
                }))
                .chain(policy -> {
                    Instant now = clock.instant();
                    InstanceRequests.DatasourceRequest ds = request.datasource();
                    BackupInstance instance = new BackupInstance();
                    instance.id = UUID.randomUUID();
                    instance.name = request.name().trim();
                    instance.host = ds.host().trim();
                    instance.port = ds.port();
                    instance.username = ds.username().trim();
                    instance.databases = ds.databases() == null || ds.databases().isEmpty() ? null : ds.databases();
                    instance.sslMode = ds.sslMode();
                    instance.policyId = policy.id;
                    instance.state = ProtectionState.PROTECTION_CONFIGURED;
                    instance.nextDueAt = policy.parsedSchedule().nextAfter(now).orElse(null);
                    instance.createdAt = now;
                    instance.updatedAt = now;
                    return instances.persist(instance)
                            .call(i -> activity.record(i, "PROTECT", actor, null, null, null,
                                    "policy " + policy.name + " version " + policy.version))
                            .map(i -> InstanceResponse.from(i, policy));
                });
    }

    /** Assigns another policy; future backups use it (PolicyChanged), existing points are untouched. */
    @WithTransaction
    public Uni<InstanceResponse> changePolicy(UUID id, InstanceRequests.ChangePolicy request, String actor) {
        return locked(id).chain(instance -> {
            ProtectionAction.CHANGE_POLICY.apply(instance.state);
            return policy(instance.policyId, "policyId").chain(previous -> policy(request.policyId(), "policyId")
                    .chain(next -> {
                        if (next.id.equals(previous.id)) {
                            return Uni.createFrom().item(InstanceResponse.from(instance, next));
                        }
                        Instant now = clock.instant();
                        instance.policyId = next.id;
                        if (instance.state == ProtectionState.PROTECTION_CONFIGURED) {
                            instance.nextDueAt = next.parsedSchedule().nextAfter(now).orElse(null);
                        }
                        instance.updatedAt = now;
                        return outbox.publish(new PolicyChanged(UUID.randomUUID(), instance.id, now, previous.snapshot(),
                                        next.snapshot()))
                                .call(() -> activity.record(instance, "CHANGE_POLICY", actor, null, null, null,
                                        previous.name + " v" + previous.version + " → " + next.name + " v"
                                                + next.version))
                                .chain(() -> vault.current())
                                .map(settings -> InstanceResponse.from(instance, next).withWarnings(
                                        ShorterRetention.warnings(settings.immutability(), previous.snapshot(),
                                                next.snapshot())));
                    }));
        });
    }

    /**
     * Before a backup now, outside any transaction: while the instance records a backup as queued or running,
     * waits (at most {@code pgvault.instance.backup-now-settle}, polling the row) for that backup's end to be
     * heard. job-service shows a job COMPLETED the moment it commits it, and its JobSucceeded reaches this
     * service some milliseconds later; without the wait a backup now in between would be refused with 409
     * though the user just saw the backup complete. A backup that really still runs answers 409 after the wait.
     */
    public Uni<Void> awaitActiveBackupEnd(UUID id) {
        long deadline = System.nanoTime() + config.backupNowSettle().toNanos();
        return awaitActiveBackupEnd(id, deadline);
    }

    private Uni<Void> awaitActiveBackupEnd(UUID id, long deadline) {
        Instant since = clock.instant().minus(config.activeBackupTimeout());
        return instances.hasActiveBackupSince(id, since).chain(active -> {
            if (!active || System.nanoTime() >= deadline) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(SETTLE_POLL)
                    .chain(() -> awaitActiveBackupEnd(id, deadline));
        });
    }

    /**
     * The point as retention-service knows it; if it does not know it yet, asked again for at most
     * {@code pgvault.instance.restore.catalog-wait}: a backup job reads COMPLETED at job-service a moment before
     * retention-service has cataloged its point, and a restore of it requested in between must not be refused.
     */
    private Uni<Optional<RecoveryPointView>> cataloged(UUID pointId, long deadline) {
        return retention.recoveryPoint(pointId).chain(point -> {
            if (point.isPresent() || System.nanoTime() >= deadline) {
                return Uni.createFrom().item(point);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(SETTLE_POLL).chain(() -> cataloged(pointId, deadline));
        });
    }

    /** Requests a backup now: the job, QUEUED; 409 while another backup of the instance is queued or running. */
    @WithTransaction
    public Uni<JobAccepted> backupNow(UUID id, String actor) {
        return locked(id).chain(instance -> {
            ProtectionAction.BACKUP_NOW.apply(instance.state);
            Instant now = clock.instant();
            UUID active = instance.activeBackup(now, config.activeBackupTimeout());
            if (active != null) {
                throw ProblemException.conflict("backup job " + active + " of " + instance.name
                        + " is already queued or running", facts("activeJobId", active.toString(), "jobUrl", jobUrl(active)));
            }
            return policy(instance.policyId, "policyId")
                    .chain(policy -> requestBackup(instance, policy, Trigger.ON_DEMAND, actor, now))
                    .map(this::accepted);
        });
    }

    /**
     * Marks a backup active and writes its BackupRequested; call in a transaction holding the instance's lock.
     * Shared by backup now and the scheduler.
     */
    public Uni<UUID> requestBackup(BackupInstance instance, BackupPolicy policy, Trigger trigger, String actor,
            Instant now) {
        UUID jobId = UUID.randomUUID();
        instance.activeBackupJobId = jobId;
        instance.activeBackupSince = now;
        instance.updatedAt = now;
        return outbox.publish(new BackupRequested(UUID.randomUUID(), instance.id, now, jobId, trigger, instance.name,
                        instance.datasource(), policy.snapshot(), actor))
                .call(() -> activity.record(instance, trigger == Trigger.SCHEDULED ? "SCHEDULED_BACKUP" : "BACKUP_NOW",
                        actor, null, null, jobId, null))
                .replaceWith(jobId);
    }

    /**
     * Checks a restore before it is requested, outside any transaction: the target is complete and allowed,
     * and retention-service knows the point as a live point of this instance.
     */
    public Uni<Void> checkRestore(UUID id, InstanceRequests.Restore request) {
        RestoreTarget target = target(request.target());
        return instances.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("backup instance", id))
                .invoke(instance -> ProtectionAction.RESTORE.apply(instance.state))
                .invoke(instance -> servers.check(instance, target))
                .chain(instance -> cataloged(request.recoveryPointId(),
                        System.nanoTime() + config.restore().catalogWait().toNanos()))
                .invoke(point -> requireRestorable(point.orElse(null), request.recoveryPointId(), id))
                .replaceWithVoid();
    }

    /** Requests a restore of a point {@link #checkRestore} accepted: the job, QUEUED, requested by {@code actor}. */
    @WithTransaction
    public Uni<JobAccepted> restore(UUID id, InstanceRequests.Restore request, String actor) {
        RestoreTarget target = target(request.target());
        return locked(id).chain(instance -> {
            ProtectionAction.RESTORE.apply(instance.state);
            servers.check(instance, target);
            Instant now = clock.instant();
            UUID jobId = UUID.randomUUID();
            instance.updatedAt = now;
            return outbox.publish(new RestoreRequested(UUID.randomUUID(), instance.id, now, jobId,
                            request.recoveryPointId(), instance.name, instance.datasource(), target, actor))
                    .call(() -> activity.record(instance, "RESTORE", actor, null, null, jobId,
                            "recovery point " + request.recoveryPointId() + " to " + describe(target)))
                    .map(x -> accepted(jobId));
        });
    }

    /**
     * Before a stop with DELETE_DATA or a deletion, outside any transaction: an immutable vault (ENABLED or
     * LOCKED) refuses either with 409 while retention-service keeps an unexpired point of the instance; the answer
     * points to a stop with RETAIN_AS_PER_POLICY, which lets each point go at its own expiry.
     */
    public Uni<Void> checkImmutability(UUID id, String action) {
        return Panache.withSession(vault::current).chain(settings -> {
            if (!settings.immutability().protectsPoints()) {
                return Uni.createFrom().voidItem();
            }
            return retention.immutability(id).invoke(kept -> {
                if (kept.heldPoints() == 0) {
                    return;
                }
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("setting", "immutability");
                facts.put("immutability", settings.immutability().name());
                facts.put("heldPoints", kept.heldPoints());
                facts.put("recoveryPointIds", kept.heldPointIds());
                facts.put("keptUntil", kept.keptForever() ? null : String.valueOf(kept.keptUntil()));
                facts.put("instead", "stop-protection with mode RETAIN_AS_PER_POLICY");
                throw ProblemException.conflict("the vault is " + settings.immutability() + ": " + action + " would lose "
                        + kept.heldPoints() + " recovery point(s) before their expiry (the first "
                        + kept.heldPointIds().get(0) + (kept.keptForever() ? ", kept forever" : ", the last kept until "
                        + kept.keptUntil()) + "); stop protection with RETAIN_AS_PER_POLICY instead, which stops backups"
                        + " and lets each point go at its own expiry", facts);
            });
        }).replaceWithVoid();
    }

    /**
     * The answer with what an ENABLED or LOCKED vault keeps of the instance now (retention-service is asked); as it
     * was when the vault is DISABLED, nothing is held, or retention-service cannot answer (a read does not fail on it).
     */
    public Uni<InstanceResponse> withHeldByVault(InstanceResponse answer) {
        return Panache.withSession(vault::current).chain(settings -> !settings.immutability().protectsPoints()
                ? Uni.createFrom().item(answer)
                : retention.immutability(answer.id()).map(kept -> kept.heldPoints() == 0 ? answer
                        : answer.withHeldByVault(new InstanceResponse.HeldByVault(settings.immutability().name(),
                                kept.heldPoints(), kept.keptForever() ? null : kept.keptUntil(), kept.keptForever(),
                                kept.heldPoints() + " recovery point(s) kept "
                                        + (kept.keptForever() ? "forever (one has no expiry)"
                                                : "until their expiry, the last " + kept.keptUntil())
                                        + "; the vault is " + (settings.immutability()
                                                == io.pgvault.contracts.common.Immutability.LOCKED ? "locked"
                                                : "immutable"))))
                        .onFailure().recoverWithItem(answer));
    }

    /**
     * Stops protection in one of three modes, with a reason from the fixed list: 200 with the instance, or, for
     * DELETE_DATA under multi-user authorization, 202 with the pending operation ({@code scope} and {@code key}
     * are the request's idempotency scope and key).
     */
    @WithTransaction
    public Uni<Answer> stopProtection(UUID id, InstanceRequests.StopProtection request, String actor, String scope,
            String key) {
        FieldErrors errors = new FieldErrors();
        StopMode mode = Enums.parse(StopMode.class, request.mode(), "mode", errors);
        StopReason reason = reason(request.reason(), request.comments(), errors);
        errors.throwIfAny();
        return locked(id).chain(instance -> {
            ProtectionState next = ProtectionAction.stop(mode).apply(instance.state);
            if (mode != StopMode.DELETE_DATA) {
                return stop(instance, next, mode, reason, request, actor, null, UUID.randomUUID()).map(Answer::ok);
            }
            requireConfirmation(instance, request.confirmName());
            return vault.current().chain(settings -> settings.multiUserAuthorization()
                    ? pending.request(ProtectedOperation.STOP_PROTECTION_DELETE_DATA, id, instance.name,
                                    instance.state.name(), "stop protection of " + instance.name
                                            + " with DELETE_DATA: every recovery point is deleted (" + reason.name() + ")",
                                    request, scope, key, actor)
                            .map(op -> Answer.accepted(op.url(), op))
                    : stop(instance, next, mode, reason, request, actor, null, UUID.randomUUID()).map(Answer::ok));
        });
    }

    /** An approved stop with DELETE_DATA: acts as the request would have, if the instance has not changed since. */
    public Uni<Void> approvedStop(PendingOperation op, String approver) {
        InstanceRequests.StopProtection request = pending.request(op, InstanceRequests.StopProtection.class);
        return lockedUnchanged(op).chain(instance -> {
            ProtectionState next = ProtectionAction.STOP_DELETE_DATA.apply(instance.state);
            return stop(instance, next, StopMode.DELETE_DATA, StopReason.valueOf(request.reason()), request,
                    op.requestedBy, approver, op.commandEventId());
        }).replaceWithVoid();
    }

    private Uni<InstanceResponse> stop(BackupInstance instance, ProtectionState next, StopMode mode, StopReason reason,
            InstanceRequests.StopProtection request, String actor, String approver, UUID eventId) {
        Instant now = clock.instant();
        instance.state = next;
        instance.stopMode = mode;
        instance.stopReason = reason.name();
        instance.stopComments = request.comments();
        instance.stoppedAt = now;
        instance.nextDueAt = null;
        instance.updatedAt = now;
        return outbox.publish(new ProtectionStopped(eventId, instance.id, now, mode, reason.name(),
                        request.comments()))
                .call(() -> activity.record(instance, "STOP_PROTECTION", actor, approver, reason.name(),
                        request.comments(), null, mode.name()))
                .chain(() -> view(instance));
    }

    /** Resumes protection after RETAIN_FOREVER or RETAIN_AS_PER_POLICY; the policy applies to new points. */
    @WithTransaction
    public Uni<InstanceResponse> resumeProtection(UUID id, InstanceRequests.ResumeProtection request, String actor) {
        String comments = request == null ? null : request.comments();
        return locked(id).chain(instance -> {
            ProtectionState next = ProtectionAction.RESUME.apply(instance.state);
            return policy(instance.policyId, "policyId").chain(policy -> {
                Instant now = clock.instant();
                instance.state = next;
                instance.stopMode = null;
                instance.stopReason = null;
                instance.stopComments = null;
                instance.stoppedAt = null;
                instance.nextDueAt = policy.parsedSchedule().nextAfter(now).orElse(null);
                instance.updatedAt = now;
                return outbox.publish(new ProtectionResumed(UUID.randomUUID(), instance.id, now, policy.snapshot()))
                        .call(() -> activity.record(instance, "RESUME_PROTECTION", actor, null, comments,
                                null, null))
                        .map(x -> InstanceResponse.from(instance, policy));
            });
        });
    }

    /**
     * Deletes an instance: state SOFT_DELETED, scheduled backups stop, InstanceDeleted is published; the
     * instance disappears when retention-service reports the purge. 202 with the instance, or, under multi-user
     * authorization, 202 with the pending operation.
     */
    @WithTransaction
    public Uni<Answer> delete(UUID id, InstanceRequests.Delete request, String actor, String scope, String key) {
        FieldErrors errors = new FieldErrors();
        StopReason reason = reason(request.reason(), request.comments(), errors);
        errors.throwIfAny();
        return locked(id).chain(instance -> {
            ProtectionState next = ProtectionAction.DELETE.apply(instance.state);
            requireConfirmation(instance, request.confirmName());
            return vault.current().chain(settings -> settings.multiUserAuthorization()
                    ? pending.request(ProtectedOperation.DELETE_INSTANCE, id, instance.name, instance.state.name(),
                                    "delete backup instance " + instance.name + " and all its recovery points ("
                                            + reason.name() + ")", request, scope, key, actor)
                            .map(op -> Answer.accepted(op.url(), op))
                    : delete(instance, next, reason, request, actor, null, UUID.randomUUID())
                            .map(view -> Answer.accepted(null, view)));
        });
    }

    /** An approved deletion: acts as the request would have, if the instance has not changed since. */
    public Uni<Void> approvedDelete(PendingOperation op, String approver) {
        InstanceRequests.Delete request = pending.request(op, InstanceRequests.Delete.class);
        return lockedUnchanged(op).chain(instance -> delete(instance, ProtectionAction.DELETE.apply(instance.state),
                StopReason.valueOf(request.reason()), request, op.requestedBy, approver, op.commandEventId()))
                .replaceWithVoid();
    }

    /**
     * Brings a deleted instance back within its grace period (it is still SOFT_DELETED: its data is not purged yet):
     * PROTECTION_STOPPED with RETAIN_FOREVER, InstanceUndeleted published (retention-service makes its points LIVE
     * again). 200 with the instance, or 202 with a pending operation under multi-user authorization.
     */
    @WithTransaction
    public Uni<Answer> undelete(UUID id, String actor, String scope, String key) {
        return locked(id).chain(instance -> {
            ProtectionState next = ProtectionAction.UNDELETE.apply(instance.state);
            return vault.current().chain(settings -> settings.multiUserAuthorization()
                    ? pending.request(ProtectedOperation.UNDELETE_INSTANCE, id, instance.name, instance.state.name(),
                                    "undelete backup instance " + instance.name + ": it comes back stopped, its recovery"
                                            + " points live again", null, scope, key, actor)
                            .map(op -> Answer.accepted(op.url(), op))
                    : undelete(instance, next, actor, null, UUID.randomUUID()).map(Answer::ok));
        });
    }

    /** An approved undelete: acts if the instance is still deleted (409 otherwise). */
    public Uni<Void> approvedUndelete(PendingOperation op, String approver) {
        return lockedUnchanged(op).chain(instance -> undelete(instance, ProtectionAction.UNDELETE.apply(instance.state),
                op.requestedBy, approver, op.commandEventId())).replaceWithVoid();
    }

    private Uni<InstanceResponse> undelete(BackupInstance instance, ProtectionState next, String actor, String approver,
            UUID eventId) {
        Instant now = clock.instant();
        String deletedAt = String.valueOf(instance.deletedAt);
        instance.state = next;
        instance.stopMode = StopMode.RETAIN_FOREVER;
        instance.stoppedAt = now;
        instance.deletedAt = null;
        instance.deleteReason = null;
        instance.updatedAt = now;
        return outbox.publish(new InstanceUndeleted(eventId, instance.id, now, instance.name, actor))
                .call(() -> activity.record(instance, "UNDELETE", actor, approver, null, null, null,
                        "deleted at " + deletedAt + "; back stopped (RETAIN_FOREVER)"))
                .chain(() -> view(instance));
    }

    /**
     * Purges a soft-deleted instance's data now, before its grace period ends: PurgeRequested goes to
     * retention-service, which purges its points and reports InstanceDataPurged (then the instance is removed).
     * 202 with the instance, or, under multi-user authorization, 202 with the pending operation; 409 unless
     * SOFT_DELETED, and under an ENABLED or LOCKED vault (naming the setting).
     */
    @WithTransaction
    public Uni<Answer> purge(UUID id, String actor, String scope, String key) {
        return locked(id).chain(instance -> {
            ProtectionAction.PURGE.apply(instance.state);
            return vault.current().chain(settings -> {
                refusePurge(instance, settings);
                return settings.multiUserAuthorization()
                        ? pending.request(ProtectedOperation.PURGE_INSTANCE, id, instance.name, instance.state.name(),
                                        "purge deleted backup instance " + instance.name + " now, before its grace period"
                                                + " ends: its recovery points are removed and it cannot be undeleted",
                                        null, scope, key, actor)
                                .map(op -> Answer.accepted(op.url(), op))
                        : purge(instance, actor, null, UUID.randomUUID()).map(view -> Answer.accepted(null, view));
            });
        });
    }

    /** An approved purge: acts if the instance is still soft-deleted and the vault still lets it (409 otherwise). */
    public Uni<Void> approvedPurge(PendingOperation op, String approver) {
        return lockedUnchanged(op).chain(instance -> vault.current().chain(settings -> {
            ProtectionAction.PURGE.apply(instance.state);
            refusePurge(instance, settings);
            return purge(instance, op.requestedBy, approver, op.commandEventId());
        })).replaceWithVoid();
    }

    private static void refusePurge(BackupInstance instance, io.pgvault.instance.vault.VaultRules.Settings settings) {
        if (settings.immutability().protectsPoints()) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("setting", "immutability");
            facts.put("immutability", settings.immutability().name());
            facts.put("instanceId", instance.id.toString());
            throw ProblemException.conflict("the vault is " + settings.immutability() + ": deleted backup instance "
                    + instance.name + " cannot be purged before its grace period ends", facts);
        }
    }

    private Uni<InstanceResponse> purge(BackupInstance instance, String actor, String approver, UUID eventId) {
        Instant now = clock.instant();
        instance.updatedAt = now;
        return outbox.publish(new PurgeRequested(eventId, instance.id, now, null, actor, approver))
                .call(() -> activity.record(instance, "PURGE", actor, approver, null, null, null,
                        "its soft-deleted recovery points are purged before the grace period ends"))
                .chain(() -> view(instance));
    }

    /**
     * Writes an approved operation on one of the instance's points, which retention-service carries out, to the
     * instance's activity log with both actors (skipped once the instance is gone).
     */
    public Uni<Void> recordApproved(PendingOperation op, String action, String approver) {
        return instances.findById(op.instanceId).chain(instance -> instance == null ? Uni.createFrom().voidItem()
                : activity.record(instance, action, op.requestedBy, approver, null, null, null, op.summary));
    }

    /** Writes a step of a pending operation on an instance to its activity log (skipped once the instance is gone). */
    public Uni<Void> recordPending(PendingOperation op, String step, String actor) {
        return instances.findById(op.instanceId).chain(instance -> instance == null ? Uni.createFrom().voidItem()
                : activity.record(instance, op.operation.name() + "_" + step, actor, null, null, null, null,
                        op.summary + " (pending operation " + op.id + ")"));
    }

    private Uni<InstanceResponse> delete(BackupInstance instance, ProtectionState next, StopReason reason,
            InstanceRequests.Delete request, String actor, String approver, UUID eventId) {
        Instant now = clock.instant();
        instance.state = next;
        instance.nextDueAt = null;
        instance.deletedAt = now;
        instance.deleteReason = reason.name();
        instance.updatedAt = now;
        return outbox.publish(new InstanceDeleted(eventId, instance.id, now, instance.name, reason.name(),
                        request.comments()))
                .call(() -> activity.record(instance, "DELETE", actor, approver, reason.name(),
                        request.comments(), null, null))
                .chain(() -> view(instance));
    }

    /** The instance of a pending operation, locked; 409 when it is gone or its state moved since the request. */
    private Uni<BackupInstance> lockedUnchanged(PendingOperation op) {
        return instances.lock(op.instanceId).invoke(instance -> {
            if (instance == null) {
                throw ProblemException.conflict("backup instance " + op.instanceId + " no longer exists; pending operation "
                        + op.id + " cannot act", Map.of("instanceId", op.instanceId.toString()));
            }
            if (!instance.state.name().equals(op.observedState)) {
                throw ProblemException.conflict("backup instance " + instance.name + " changed since pending operation "
                                + op.id + " was requested: it was " + op.observedState + " and is " + instance.state
                                + "; nothing was done, request the operation again if it is still wanted",
                        facts("currentState", instance.state.name(), "requestedInState", op.observedState));
            }
        });
    }

    private Uni<BackupInstance> locked(UUID id) {
        return instances.lock(id).onItem().ifNull().failWith(() -> ProblemException.notFound("backup instance", id));
    }

    private Uni<BackupPolicy> policy(UUID policyId, String field) {
        return policies.findById(policyId)
                .onItem().ifNull().failWith(() -> ProblemException.badField(field, "no backup policy " + policyId));
    }

    private Uni<InstanceResponse> view(BackupInstance instance) {
        return policies.findById(instance.policyId).map(policy -> InstanceResponse.from(instance, policy));
    }

    private JobAccepted accepted(UUID jobId) {
        return new JobAccepted(jobId, "QUEUED", jobUrl(jobId));
    }

    String jobUrl(UUID jobId) {
        return config.jobServiceUrl().replaceAll("/+$", "") + "/api/v1/jobs/" + jobId;
    }

    static StopReason reason(String text, String comments, FieldErrors errors) {
        StopReason reason = Enums.parse(StopReason.class, text, "reason", errors);
        if (reason == StopReason.OTHER && (comments == null || comments.isBlank())) {
            errors.add("comments", "must say why when the reason is OTHER");
        }
        return reason;
    }

    /** The facts of a refusal in the order given, so every answer lists them alike. */
    private static Map<String, Object> facts(String key, Object value, String otherKey, Object otherValue) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put(key, value);
        facts.put(otherKey, otherValue);
        return facts;
    }

    static void requireConfirmation(BackupInstance instance, String confirmName) {
        if (confirmName == null || !confirmName.equals(instance.name)) {
            throw ProblemException.badField("confirmName", "must be the instance's name, typed exactly");
        }
    }

    private static void requireRestorable(RecoveryPointView point, UUID pointId, UUID instanceId) {
        if (point == null) {
            throw ProblemException.notFound("recovery point", pointId);
        }
        if (!instanceId.equals(point.instanceId())) {
            throw ProblemException.conflict("recovery point " + pointId + " belongs to another backup instance",
                    Map.of("recoveryPointId", pointId.toString()));
        }
        if (!RecoveryPointView.LIVE.equals(point.state())) {
            throw ProblemException.conflict("recovery point " + pointId + " is " + point.state()
                            + "; only a LIVE point can be restored",
                    facts("recoveryPointId", pointId.toString(), "recoveryPointState", String.valueOf(point.state())));
        }
    }

    private static RestoreTarget target(InstanceRequests.Target t) {
        FieldErrors errors = new FieldErrors();
        if ("FILES".equals(t.type())) {
            if (t.directory() == null) {
                errors.add("target.directory", "is required for a FILES target");
            }
            errors.throwIfAny();
            return RestoreTarget.files(t.directory(), Boolean.TRUE.equals(t.keepEncrypted()));
        }
        if (t.host() == null || t.host().isBlank()) {
            errors.add("target.host", "is required for a DATABASE target");
        }
        if (t.port() == null) {
            errors.add("target.port", "is required for a DATABASE target");
        }
        if (t.username() == null || t.username().isBlank()) {
            errors.add("target.username", "is required for a DATABASE target");
        }
        if (t.database() == null || t.database().isBlank()) {
            errors.add("target.database", "is required for a DATABASE target");
        }
        errors.throwIfAny();
        return RestoreTarget.database(t.host().trim(), t.port(), t.username().trim(), t.database().trim(),
                Boolean.TRUE.equals(t.includeGlobals()), t.sslMode());
    }

    private static String describe(RestoreTarget target) {
        return target.type() == RestoreTarget.Type.FILES
                ? "files in " + target.directory()
                : "database " + target.database() + " on " + target.host() + ":" + target.port();
    }
}
