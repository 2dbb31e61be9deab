package io.pgvault.instance.policy;

import io.pgvault.contracts.common.PolicySnapshot;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The backup instances that use a policy, as the policy's use cases need them. Instances live in
 * {@code protection}, which implements this, so that package depends on policies and not the reverse.
 */
public interface PolicyUsers {

    /**
     * An instance that uses a policy, as a refusal names it.
     *
     * @param id    the instance
     * @param name  its name
     * @param state its protection state
     */
    record User(UUID id, String name, String state) {}

    /** The instances that use the policy, by name. */
    Uni<List<User>> of(UUID policyId);

    /**
     * A new version of the policy was written: the instances that use it get it for their future backups.
     * Runs in the caller's transaction.
     *
     * @param previous the version before, as messages carry it
     * @param policy   the new version
     * @param now      when it was written
     * @param actor    who wrote it, as the instances' activity logs record it
     */
    Uni<Void> versionWritten(PolicySnapshot previous, BackupPolicy policy, Instant now, String actor);
}
