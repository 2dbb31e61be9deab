package io.pgvault.instance.policy;

import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.instance.config.InstanceConfig;
import io.pgvault.instance.vault.VaultRules;
import io.pgvault.instance.vault.VaultService;
import io.pgvault.platform.problem.FieldErrors;
import io.pgvault.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Use cases of backup policies. */
@ApplicationScoped
public class PolicyService {

    private final PolicyRepository policies;
    private final PolicyVersionRepository versions;
    private final PolicyUsers users;
    private final InstanceConfig config;
    private final Clock clock;

    private final VaultService vault;

    public PolicyService(PolicyRepository policies, PolicyVersionRepository versions, PolicyUsers users,
            VaultService vault, InstanceConfig config, Clock clock) {
        this.vault = vault;
        this.policies = policies;
        this.versions = versions;
        this.users = users;
        this.config = config;
        this.clock = clock;
    }

    /** Creates version 1 of a policy. */
    @WithTransaction
    public Uni<BackupPolicy> create(PolicyRequest request) {
        PolicyRules.Checked checked = PolicyRules.check(request, config.minScheduleInterval(), config.minRetention());
        return withinTheLock(checked).chain(() -> requireUniqueName(checked.name(), null)).chain(() -> {
            Instant now = clock.instant();
            BackupPolicy policy = new BackupPolicy();
            policy.id = UUID.randomUUID();
            policy.version = 1;
            policy.createdAt = now;
            apply(policy, checked, now);
            return policies.persist(policy)
                    .call(p -> versions.persist(BackupPolicyVersion.of(p)));
        });
    }

    /**
     * A written policy version and the warnings of the edit.
     *
     * @param policy   the policy, at its new version
     * @param warnings under an immutable vault, that shorter retention applies to new points only; else empty
     */
    public record Updated(BackupPolicy policy, List<String> warnings) {
    }

    /**
     * Writes a new version. Instances using the policy get it for their future backups: a PolicyChanged
     * for each, and a next due time from the new schedule; {@code actor} is who edits it.
     */
    @WithTransaction
    public Uni<Updated> update(UUID id, PolicyRequest request, String actor) {
        PolicyRules.Checked checked = PolicyRules.check(request, config.minScheduleInterval(), config.minRetention());
        return withinTheLock(checked).chain(() -> policies.findById(id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("backup policy", id))
                .call(() -> requireUniqueName(checked.name(), id))
                .chain(policy -> {
                    PolicySnapshot previous = policy.snapshot();
                    Instant now = clock.instant();
                    policy.version++;
                    apply(policy, checked, now);
                    return versions.persist(BackupPolicyVersion.of(policy))
                            .chain(() -> users.versionWritten(previous, policy, now, actor))
                            .chain(() -> vault.current())
                            .map(settings -> new Updated(policy, ShorterRetention.warnings(settings.immutability(),
                                    previous, policy.snapshot())));
                });
    }

    /** Deletes a policy no instance uses; refused with 409 naming the instances otherwise. */
    @WithTransaction
    public Uni<Void> delete(UUID id) {
        return policies.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("backup policy", id))
                .chain(policy -> users.of(id).chain(using -> {
                    if (!using.isEmpty()) {
                        List<Map<String, Object>> named = using.stream().map(i -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("id", i.id().toString());
                            m.put("name", i.name());
                            m.put("state", i.state());
                            return m;
                        }).toList();
                        throw ProblemException.conflict("backup policy " + policy.name + " is used by "
                                + using.stream().map(PolicyUsers.User::name).collect(Collectors.joining(", ")),
                                Map.of("instances", named));
                    }
                    return policies.delete(policy);
                }));
    }

    /** Under a LOCKED vault with bounds: 400 naming each rule outside them (AWS Vault Lock's min/max retention). */
    Uni<Void> withinTheLock(PolicyRules.Checked checked) {
        return vault.current().invoke(settings -> {
            FieldErrors errors = new FieldErrors();
            String problem = VaultRules.outsideLock(settings, checked.defaultRetention());
            if (problem != null) {
                errors.add("defaultRetention", problem);
            }
            checked.tagged().forEach((tag, duration) -> {
                String bad = VaultRules.outsideLock(settings, duration);
                if (bad != null) {
                    errors.add("taggedRules." + tag, bad);
                }
            });
            errors.throwIfAny();
        }).replaceWithVoid();
    }

    Uni<Void> requireUniqueName(String name, UUID except) {
        return policies.findByName(name, except).invoke(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("a backup policy named " + existing.name + " exists",
                        Map.of("existingId", existing.id.toString()));
            }
        }).replaceWithVoid();
    }

    private static void apply(BackupPolicy policy, PolicyRules.Checked checked, Instant now) {
        policy.name = checked.name();
        policy.schedule = checked.schedule();
        policy.timeZone = checked.timeZone();
        policy.defaultRetention = checked.defaultRetention();
        policy.weeklyRetention = checked.tagged().get(RetentionTag.WEEKLY);
        policy.monthlyRetention = checked.tagged().get(RetentionTag.MONTHLY);
        policy.yearlyRetention = checked.tagged().get(RetentionTag.YEARLY);
        policy.verifyEvery = checked.verifyEvery();
        policy.verifyTarget = checked.verifyTarget();
        policy.updatedAt = now;
    }
}
