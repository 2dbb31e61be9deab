package io.pgvault.retention.impact;

import io.pgvault.retention.catalog.PointState;
import io.pgvault.retention.hold.HoldKind;
import io.pgvault.retention.sweep.SweepRule.HoldFacts;
import io.pgvault.retention.vault.PointFacts;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A recovery point (LIVE or DELETED) with its holds, as the planner sees it.
 *
 * @param facts        its birth and expiry, as immutability reads them
 * @param sizeBytes    its size
 * @param state        LIVE or DELETED
 * @param deletedAt    when it was soft-deleted (DELETED only)
 * @param deleteReason why (DELETED only)
 * @param holds        its holds
 */
public record PointSnapshot(PointFacts facts, long sizeBytes, PointState state, Instant deletedAt,
        String deleteReason, List<HoldFacts> holds) {

    public UUID id() {
        return facts.id();
    }

    public Instant createdAt() {
        return facts.createdAt();
    }

    public Instant expiresAt() {
        return facts.expiresAt();
    }

    boolean has(HoldKind kind) {
        return holds.stream().anyMatch(h -> h.kind() == kind);
    }
}
