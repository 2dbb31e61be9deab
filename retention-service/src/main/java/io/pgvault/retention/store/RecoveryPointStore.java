package io.pgvault.retention.store;

import io.pgvault.retention.catalog.RecoveryPointRepository.PointRef;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The recovery-point store as retention-service sees it: points it lists and deletes, never reads. A point
 * is {@code {instanceId}/{pointId}/} in a filesystem ({@code fs}) or under a key prefix in an S3 bucket
 * ({@code s3}); {@code pgvault.store.kind} chooses ({@link StoreProducer}). Answers on the caller's context.
 */
public interface RecoveryPointStore {

    /**
     * Removes every object of {@code points}, each on its own: one that cannot be removed is logged and
     * left for the next run. Answers the points that are gone.
     */
    Uni<List<PointRef>> deletePoints(List<PointRef> points);

    /** Every point in the store, complete or not (a point without its manifest is a crashed backup's leftover). */
    Uni<List<StoredPoint>> listPoints();

    /**
     * A point found in the store.
     *
     * @param instanceId its instance
     * @param pointId    the point
     * @param modifiedAt its newest object's last modification
     * @param objects    the names of its objects ({@code manifest.json}, the artifacts, ...); null when unknown
     */
    record StoredPoint(UUID instanceId, UUID pointId, Instant modifiedAt, Set<String> objects) {

        public StoredPoint(UUID instanceId, UUID pointId, Instant modifiedAt) {
            this(instanceId, pointId, modifiedAt, null);
        }
    }
}
