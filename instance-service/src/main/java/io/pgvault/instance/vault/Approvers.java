package io.pgvault.instance.vault;

import io.smallrye.mutiny.Uni;

/**
 * Who could approve a pending operation: multi-user authorization is turned on only when someone other than the
 * requester can approve, or every protected operation would wait until it expires. Implemented where the users
 * live (identity), so the vault does not depend on them.
 */
public interface Approvers {

    /**
     * Whether an enabled user with backup-approver exists whose name is not {@code requester}; always true when the
     * users live in an external identity provider (this service cannot list them).
     */
    Uni<Boolean> existsOtherThan(String requester);
}
