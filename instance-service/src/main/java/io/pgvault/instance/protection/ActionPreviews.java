package io.pgvault.instance.protection;

import io.pgvault.contracts.common.StopMode;
import io.pgvault.instance.policy.BackupPolicy;
import io.pgvault.instance.policy.PolicyRepository;
import io.pgvault.instance.retention.RetentionClient;
import io.pgvault.instance.vault.VaultService;
import io.pgvault.platform.problem.Enums;
import io.pgvault.platform.problem.FieldErrors;
import io.pgvault.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code ?preview=true} answers of the instance actions: the action's own validation and state transition
 * ({@link ProtectionAction}, 400/404/409 as the action answers), its multi-user authorization and immutability
 * checks reported instead of acted on, the next state and scheduled backups, and retention-service's plan of what
 * happens to each recovery point. Reads only: no row, no outbox message, no activity.
 */
@ApplicationScoped
public class ActionPreviews {

    /** How many next scheduled backups a preview lists. */
    static final int NEXT_BACKUPS = 5;

    private final InstanceRepository instances;
    private final PolicyRepository policies;
    private final VaultService vault;
    private final RetentionClient retention;
    private final InstanceService service;
    private final Clock clock;

    public ActionPreviews(InstanceRepository instances, PolicyRepository policies, VaultService vault,
            RetentionClient retention, InstanceService service, Clock clock) {
        this.instances = instances;
        this.policies = policies;
        this.vault = vault;
        this.retention = retention;
        this.service = service;
        this.clock = clock;
    }

    /** The preview of a stop in its mode. */
    @WithSession
    public Uni<ActionPreview> stop(UUID id, InstanceRequests.StopProtection request) {
        FieldErrors errors = new FieldErrors();
        StopMode mode = Enums.parse(StopMode.class, request.mode(), "mode", errors);
        InstanceService.reason(request.reason(), request.comments(), errors);
        errors.throwIfAny();
        ProtectionAction action = ProtectionAction.stop(mode);
        return instance(id).chain(instance -> {
            ProtectionState next = action.apply(instance.state);
            boolean deleteData = mode == StopMode.DELETE_DATA;
            if (deleteData) {
                InstanceService.requireConfirmation(instance, request.confirmName());
            }
            return checks(id, deleteData, deleteData ? "stop-protection with DELETE_DATA" : null)
                    .chain(checks -> retention.impact(id, "STOP_PROTECTION", mode.name())
                            .map(points -> ActionPreview.of(action.label(), instance, next, List.of(), checks.approval,
                                    checks.refusal, points)));
        });
    }

    /** The preview of resume-protection. */
    @WithSession
    public Uni<ActionPreview> resume(UUID id) {
        return instance(id).chain(instance -> {
            ProtectionState next = ProtectionAction.RESUME.apply(instance.state);
            return policy(instance.policyId).chain(policy -> retention.impact(id, "RESUME_PROTECTION", null)
                    .map(points -> ActionPreview.of(ProtectionAction.RESUME.label(), instance, next, nextBackups(policy),
                            null, null, points)));
        });
    }

    /** The preview of change-policy: the next backups follow the new policy; existing points keep their expiry. */
    @WithSession
    public Uni<ActionPreview> changePolicy(UUID id, InstanceRequests.ChangePolicy request) {
        return instance(id).chain(instance -> {
            ProtectionState next = ProtectionAction.CHANGE_POLICY.apply(instance.state);
            return policies.findById(request.policyId())
                    .onItem().ifNull().failWith(() -> ProblemException.badField("policyId",
                            "no backup policy " + request.policyId()))
                    .chain(policy -> retention.impact(id, "CHANGE_POLICY", null).map(points -> ActionPreview.of(
                            ProtectionAction.CHANGE_POLICY.label() + " to " + policy.name + " v" + policy.version,
                            instance, next, next == ProtectionState.PROTECTION_CONFIGURED ? nextBackups(policy)
                                    : List.of(), null, null, points)));
        });
    }

    /** The preview of deleting the instance. */
    @WithSession
    public Uni<ActionPreview> delete(UUID id, InstanceRequests.Delete request) {
        FieldErrors errors = new FieldErrors();
        InstanceService.reason(request.reason(), request.comments(), errors);
        errors.throwIfAny();
        return instance(id).chain(instance -> {
            ProtectionState next = ProtectionAction.DELETE.apply(instance.state);
            InstanceService.requireConfirmation(instance, request.confirmName());
            return checks(id, true, "deleting the instance").chain(checks -> retention.impact(id, "DELETE", null)
                    .map(points -> ActionPreview.of(ProtectionAction.DELETE.label(), instance, next, List.of(),
                            checks.approval, checks.refusal, points)));
        });
    }

    /** The preview of undeleting a deleted instance. */
    @WithSession
    public Uni<ActionPreview> undelete(UUID id) {
        return instance(id).chain(instance -> {
            ProtectionState next = ProtectionAction.UNDELETE.apply(instance.state);
            return checks(id, false, null).chain(checks -> retention.impact(id, "UNDELETE", null)
                    .map(points -> ActionPreview.of(ProtectionAction.UNDELETE.label(), instance, next, List.of(),
                            checks.approval, null, points)));
        });
    }

    /** The next scheduled backups of a policy's schedule after now. */
    public List<Instant> nextBackups(BackupPolicy policy) {
        List<Instant> runs = new ArrayList<>();
        Optional<Instant> next = policy.parsedSchedule().nextAfter(clock.instant());
        while (next.isPresent() && runs.size() < NEXT_BACKUPS) {
            runs.add(next.get());
            next = policy.parsedSchedule().nextAfter(next.get());
        }
        return List.copyOf(runs);
    }

    /** What multi-user authorization and immutability would say, as text. */
    private record Checks(String approval, String refusal) {
    }

    /**
     * The action's protected-operation checks, reported: under multi-user authorization a protected action waits
     * for an approver; an immutable vault refuses a deletion that would lose unexpired points (the action's 409).
     */
    private Uni<Checks> checks(UUID id, boolean protectedOperation, String immutabilityAction) {
        return vault.current().chain(settings -> {
            String approval = protectedOperation && settings.multiUserAuthorization()
                    ? "multi-user authorization is on: the action would become a pending operation that a different"
                            + " user with role backup-approver approves before it is taken"
                    : null;
            if (immutabilityAction == null) {
                return Uni.createFrom().item(new Checks(approval, null));
            }
            return service.checkImmutability(id, immutabilityAction).replaceWith(new Checks(approval, null))
                    .onFailure(f -> f instanceof ProblemException p && p.status() == 409)
                    .recoverWithItem(f -> new Checks(approval, f.getMessage()));
        });
    }

    private Uni<BackupInstance> instance(UUID id) {
        return instances.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("backup instance", id));
    }

    private Uni<BackupPolicy> policy(UUID policyId) {
        return policies.findById(policyId)
                .onItem().ifNull().failWith(() -> ProblemException.badField("policyId", "no backup policy " + policyId));
    }

}
