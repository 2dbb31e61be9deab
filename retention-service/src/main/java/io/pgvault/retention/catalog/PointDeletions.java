package io.pgvault.retention.catalog;

import io.pgvault.contracts.retention.RecoveryPointDeleted;
import io.pgvault.platform.outbox.Outbox;
import io.pgvault.retention.catalog.RecoveryPointRepository.PointRef;
import io.pgvault.retention.vault.ImmutabilityRule;
import io.pgvault.retention.vault.VaultState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Soft-deletes claimed points and publishes one RecoveryPointDeleted each, in the caller's
 * transaction. Files stay in the store until the purge. The reason is the deleter's word
 * ({@code EXPIRED} from the sweep; {@code PROTECTION_STOPPED} or {@code INSTANCE_DELETED} from
 * protection), kept on the point and carried by the event.
 */
@ApplicationScoped
public class PointDeletions {

    private final RecoveryPointRepository points;
    private final Outbox outbox;

    public PointDeletions(RecoveryPointRepository points, Outbox outbox) {
        this.points = points;
        this.outbox = outbox;
    }

    /**
     * The sweep's deletion step, the one path by which an expired point is deleted: locks those of
     * {@code candidates} that are still live, then re-checks the sweep rule (holds, floor, expiry) by a fresh
     * statement under that lock, and immutability as {@code vault} (read under a share lock in this transaction)
     * says, and soft-deletes only what passes all of it. Whatever the candidates were decided on (a snapshot a
     * moment ago), a hold placed, a vault made immutable, or a row edited since then keeps its point.
     *
     * @return how many points it deleted
     */
    public Uni<Integer> deleteIfStillDeletable(Collection<UUID> candidates, String reason, Instant now, int floor,
            VaultState vault) {
        return points.lockLive(candidates)
                .chain(locked -> points.stillDeletable(locked, now, floor))
                .map(facts -> facts.stream()
                        .filter(f -> ImmutabilityRule.allowsDeletion(vault.immutability(), f, now))
                        .map(f -> new PointRef(f.id(), f.instanceId()))
                        .toList())
                .chain(refs -> softDelete(refs, reason, now));
    }

    /** Marks {@code claimed} (locked by the caller) DELETED; answers how many. */
    public Uni<Integer> softDelete(List<PointRef> claimed, String reason, Instant now) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<UUID> ids = claimed.stream().map(PointRef::id).toList();
        Map<UUID, List<PointRef>> byInstance = claimed.stream()
                .collect(Collectors.groupingBy(PointRef::instanceId, LinkedHashMap::new, Collectors.toList()));
        return points.markDeleted(ids, reason, now)
                .chain(() -> points.countLive(byInstance.keySet()))
                .chain(liveAfter -> {
                    // Each event carries the live count right after its own deletion, so a consumer
                    // that applies them in order ends on the true count.
                    Map<UUID, Long> remaining = new HashMap<>();
                    byInstance.forEach((instance, refs) -> remaining.put(instance, liveAfter.get(instance) + refs.size()));
                    List<RecoveryPointDeleted> events = new ArrayList<>(claimed.size());
                    for (PointRef ref : claimed) {
                        long live = remaining.merge(ref.instanceId(), -1L, Long::sum);
                        events.add(new RecoveryPointDeleted(UUID.randomUUID(), ref.instanceId(), now, ref.id(), reason,
                                (int) live));
                    }
                    return outbox.publishAll(events);
                })
                .replaceWith(claimed.size());
    }
}
