package io.pgvault.instance.protection;

import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.instance.PolicyChanged;
import io.pgvault.instance.policy.BackupPolicy;
import io.pgvault.instance.policy.PolicyUsers;
import io.pgvault.instance.policy.Schedule;
import io.pgvault.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The backup instances' side of a policy: which instances use it, and what a new version changes for them. */
@ApplicationScoped
public class PolicyUse implements PolicyUsers {

    private final InstanceRepository instances;
    private final Outbox outbox;
    private final ActivityLog activity;

    public PolicyUse(InstanceRepository instances, Outbox outbox, ActivityLog activity) {
        this.instances = instances;
        this.outbox = outbox;
        this.activity = activity;
    }

    @Override
    public Uni<List<User>> of(UUID policyId) {
        return instances.usingPolicy(policyId)
                .map(using -> using.stream().map(i -> new User(i.id, i.name, i.state.name())).toList());
    }

    /**
     * Each instance that still takes backups gets a PolicyChanged, an entry in its activity log and, while
     * protected, its next due time from the new schedule.
     */
    @Override
    public Uni<Void> versionWritten(PolicySnapshot previous, BackupPolicy policy, Instant now, String actor) {
        return instances.usingPolicy(policy.id).chain(using -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            Schedule schedule = policy.parsedSchedule();
            for (BackupInstance instance : using) {
                if (instance.state == ProtectionState.SOFT_DELETED || instance.state == ProtectionState.DATA_DELETED) {
                    continue;
                }
                if (instance.state == ProtectionState.PROTECTION_CONFIGURED) {
                    instance.nextDueAt = schedule.nextAfter(now).orElse(null);
                }
                instance.updatedAt = now;
                chain = chain
                        .call(() -> outbox.publish(new PolicyChanged(UUID.randomUUID(), instance.id, now, previous,
                                policy.snapshot())))
                        .call(() -> activity.record(instance, "POLICY_UPDATED", actor, null, null, null,
                                policy.name + " version " + previous.policyVersion() + " → " + policy.version));
            }
            return chain;
        });
    }
}
