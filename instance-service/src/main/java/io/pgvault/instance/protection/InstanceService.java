package io.pgvault.instance.protection;

import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.common.StopMode;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.PolicyChanged;
import io.pgvault.contracts.instance.ProtectionResumed;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.instance.config.InstanceConfig;
import io.pgvault.instance.policy.BackupPolicy;
import io.pgvault.instance.policy.PolicyRepository;
import io.pgvault.instance.retention.RecoveryPointView;
import io.pgvault.instance.retention.RetentionClient;
import io.pgvault.platform.outbox.Outbox;
import io.pgvault.platform.problem.Enums;
import io.pgvault.platform.problem.FieldErrors;
import io.pgvault.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Use cases of backup instances. Each changes the instance and writes the command it causes to the outbox
 * in one transaction, with the instance row locked, so actions on one instance run one at a time, and
 * answers what the instance or the job now is; how that becomes an HTTP answer is the resource's business.
 */
@ApplicationScoped
public class InstanceService {

    private final InstanceRepository instances;
    private final PolicyRepository policies;
    private final Outbox outbox;
    private final ActivityLog activity;
    private final RetentionClient retention;
    private final AllowedServers servers;
    private final InstanceConfig config;
    private final Clock clock;

    public InstanceService(InstanceRepository instances, PolicyRepository policies, Outbox outbox, ActivityLog activity,
            RetentionClient retention, AllowedServers servers, InstanceConfig config, Clock clock) {
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
                                .map(x -> InstanceResponse.from(instance, next));
                    }));
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
                .chain(instance -> retention.recoveryPoint(request.recoveryPointId()))
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

    /** Stops protection in one of three modes, with a reason from the fixed list. */
    @WithTransaction
    public Uni<InstanceResponse> stopProtection(UUID id, InstanceRequests.StopProtection request, String actor) {
        FieldErrors errors = new FieldErrors();
        StopMode mode = Enums.parse(StopMode.class, request.mode(), "mode", errors);
        StopReason reason = reason(request.reason(), request.comments(), errors);
        errors.throwIfAny();
        return locked(id).chain(instance -> {
            ProtectionState next = ProtectionAction.stop(mode).apply(instance.state);
            if (mode == StopMode.DELETE_DATA) {
                requireConfirmation(instance, request.confirmName());
            }
            Instant now = clock.instant();
            instance.state = next;
            instance.stopMode = mode;
            instance.stopReason = reason.name();
            instance.stopComments = request.comments();
            instance.stoppedAt = now;
            instance.nextDueAt = null;
            instance.updatedAt = now;
            return outbox.publish(new ProtectionStopped(UUID.randomUUID(), instance.id, now, mode, reason.name(),
                            request.comments()))
                    .call(() -> activity.record(instance, "STOP_PROTECTION", actor, reason.name(),
                            request.comments(), null, mode.name()))
                    .chain(() -> view(instance));
        });
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
     * Deletes an instance: state DELETING, scheduled backups stop, InstanceDeleted is published; the
     * instance disappears when retention-service reports the purge.
     */
    @WithTransaction
    public Uni<InstanceResponse> delete(UUID id, InstanceRequests.Delete request, String actor) {
        FieldErrors errors = new FieldErrors();
        StopReason reason = reason(request.reason(), request.comments(), errors);
        errors.throwIfAny();
        return locked(id).chain(instance -> {
            ProtectionState next = ProtectionAction.DELETE.apply(instance.state);
            requireConfirmation(instance, request.confirmName());
            Instant now = clock.instant();
            instance.state = next;
            instance.nextDueAt = null;
            instance.updatedAt = now;
            return outbox.publish(new InstanceDeleted(UUID.randomUUID(), instance.id, now, instance.name, reason.name(),
                            request.comments()))
                    .call(() -> activity.record(instance, "DELETE", actor, reason.name(),
                            request.comments(), null, null))
                    .chain(() -> view(instance));
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

    private static StopReason reason(String text, String comments, FieldErrors errors) {
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

    private static void requireConfirmation(BackupInstance instance, String confirmName) {
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
