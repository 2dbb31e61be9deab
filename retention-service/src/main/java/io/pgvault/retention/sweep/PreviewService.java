package io.pgvault.retention.sweep;

import io.pgvault.retention.catalog.RecoveryPoint;
import io.pgvault.retention.catalog.RecoveryPointRepository;
import io.pgvault.retention.config.RetentionConfig;
import io.pgvault.retention.hold.HoldService;
import io.pgvault.retention.vault.VaultRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The dry run: the sweep's own query at a future instant, without locks, changing nothing. */
@ApplicationScoped
public class PreviewService {

    static final int LIMIT = 1000;

    private final RecoveryPointRepository points;
    private final HoldService holds;
    private final RetentionConfig config;

    private final VaultRepository vault;

    public PreviewService(RecoveryPointRepository points, HoldService holds, RetentionConfig config,
            VaultRepository vault) {
        this.vault = vault;
        this.points = points;
        this.holds = holds;
        this.config = config;
    }

    @WithSession
    public Uni<RetentionPreview> preview(Instant at, UUID instanceId) {
        return vault.current().chain(state -> preview(at, instanceId, state.floor()));
    }

    private Uni<RetentionPreview> preview(Instant at, UUID instanceId, int floor) {
        return points.deletableAt(at, floor, instanceId, LIMIT + 1)
                .chain(found -> {
                    boolean truncated = found.size() > LIMIT;
                    List<UUID> listed = truncated ? found.subList(0, LIMIT) : found;
                    return Multi.createFrom().iterable(listed)
                            .onItem().transformToUniAndConcatenate(id -> points.findById(id))
                            .onItem().transformToUniAndConcatenate(p -> deletion(p, at, floor))
                            .collect().asList()
                            .chain(deletions -> purges(at, instanceId).map(purges -> new RetentionPreview(at,
                                    instanceId, floor, config.gracePeriod().toString(), deletions, purges, truncated,
                                    "no new backup, hold, renewal, pin, extension or undelete until then")));
                });
    }

    private Uni<RetentionPreview.Deletion> deletion(RecoveryPoint p, Instant at, int floor) {
        return holds.of(p.id)
                .chain(held -> points.countNewerLive(p).map(newer -> {
                    List<RetentionPreview.LapsingHold> lapsing = held.stream()
                            .map(h -> new RetentionPreview.LapsingHold(h.id, h.kind, h.owner, h.leaseExpiresAt, h.createdBy,
                                    h.onBehalfOf))
                            .toList();
                    List<String> reasons = new ArrayList<>();
                    reasons.add("expired at " + p.expiresAt + " by its " + p.tag + " rule " + p.rule
                            + (p.expiresAt.equals(p.birthExpiresAt) ? "" : " (extended)"));
                    for (RetentionPreview.LapsingHold h : lapsing) {
                        reasons.add("its " + h.kind() + " hold (" + h.owner() + ") lapses at " + h.leaseExpiresAt()
                                + " unless renewed");
                    }
                    if (lapsing.isEmpty()) {
                        reasons.add("no hold");
                    }
                    reasons.add(newer + " newer live point(s) of its instance keep the floor of " + floor);
                    return new RetentionPreview.Deletion(p.id, p.instanceId, p.createdAt, p.tag, p.rule, p.expiresAt,
                            lapsing, newer, reasons);
                }));
    }

    private Uni<List<RetentionPreview.Purge>> purges(Instant at, UUID instanceId) {
        return points.deletedBefore(at.minus(config.gracePeriod()), instanceId, LIMIT)
                .map(list -> list.stream().map(p -> new RetentionPreview.Purge(p.id, p.instanceId, p.deletedAt,
                        p.deleteReason, p.deletedAt.plus(config.gracePeriod()))).toList());
    }
}
