package io.pgvault.instance.policy;

import io.pgvault.instance.retention.ImpactView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a policy edit would do, answered for {@code PUT /api/v1/backup-policies/{id}?preview=true}: nothing written.
 * Existing recovery points keep the expiry they were born with; the instances' next backups follow the new schedule.
 *
 * @param policyId    the policy
 * @param name        its name after the edit
 * @param version     its version now
 * @param nextVersion the version the edit would write
 * @param nextRuns    the next runs of the edited schedule
 * @param instances   each instance that uses the policy, with what happens to its points
 * @param summary     the above in one sentence
 */
public record PolicyEditPreview(UUID policyId, String name, int version, int nextVersion, List<Instant> nextRuns,
        List<InstanceImpact> instances, String summary) {

    /**
     * @param instanceId           the instance
     * @param name                 its name
     * @param state                its protection state (only PROTECTION_CONFIGURED is backed up on schedule)
     * @param nextScheduledBackups its next scheduled backups under the edited policy
     * @param recoveryPoints       what happens to its points (retention-service's impact preview)
     */
    public record InstanceImpact(UUID instanceId, String name, String state, List<Instant> nextScheduledBackups,
            ImpactView recoveryPoints) {
    }
}
