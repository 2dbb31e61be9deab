package io.pgvault.instance.approval;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The pending operations' queries; methods join the caller's session when there is one. */
@ApplicationScoped
@WithSession
public class PendingOperationRepository implements PanacheRepositoryBase<PendingOperation, UUID> {

    /** The operation, locked for update until the caller's transaction ends; null if unknown. */
    public Uni<PendingOperation> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Newest first, filtered by state, instance and requester (each optional). */
    public Uni<List<PendingOperation>> search(PendingState state, UUID instanceId, String requestedBy, int page,
            int size) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (state != null) {
            q.append(" and state = :state");
            params.and("state", state);
        }
        if (instanceId != null) {
            q.append(" and instanceId = :instance");
            params.and("instance", instanceId);
        }
        if (requestedBy != null) {
            q.append(" and requestedBy = :requester");
            params.and("requester", requestedBy);
        }
        return find(q.toString(), Sort.descending("requestedAt", "id"), params).page(page, size).list();
    }

    /** Pending operations whose time ran out at {@code now}, oldest first, locked until the caller's transaction ends. */
    public Uni<List<PendingOperation>> lockExpired(Instant now, int limit) {
        return find("state = ?1 and expiresAt <= ?2", Sort.ascending("expiresAt"), PendingState.PENDING, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).page(0, limit).list();
    }
}
