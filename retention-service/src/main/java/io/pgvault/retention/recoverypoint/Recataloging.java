package io.pgvault.retention.recoverypoint;

import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.retention.store.RecoveryPointStore;
import io.pgvault.retention.store.RecoveryPointStore.StoredManifest;
import io.pgvault.retention.store.RecoveryPointStore.StoredPoint;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Puts an uncataloged point (complete in the store, its JobSucceeded lost) into the catalog from its
 * manifest, exactly as its JobSucceeded would have: with the retention rules it was born with (the
 * manifest carries them; a manifest written before they were added gives a point kept forever), and
 * publishing RecoveryPointCreated. Recording is idempotent on the point id, so a JobSucceeded that
 * arrives afterwards changes nothing.
 */
@ApplicationScoped
public class Recataloging {

    private static final Logger LOG = Logger.getLogger(Recataloging.class);

    private final RecoveryPointStore store;
    private final RecoveryPointService points;
    private final Clock clock;

    public Recataloging(RecoveryPointStore store, RecoveryPointService points, Clock clock) {
        this.store = store;
        this.points = points;
        this.clock = clock;
    }

    /** Catalogs the stored point {@code pointId} from its manifest; 404 if the store has no such point, 409 if its manifest is unusable. */
    public Uni<RecoveryPointResponse> recatalog(UUID pointId) {
        return store.listPoints()
                .map(stored -> stored.stream().filter(sp -> sp.pointId().equals(pointId)).findFirst()
                        .orElseThrow(() -> ProblemException.notFound("recovery point in the store", pointId)))
                .chain(sp -> store.manifests(List.of(sp)).map(m -> manifestOf(sp, m)))
                .chain(manifest -> Panache.withTransaction(() -> points.record(asSucceeded(manifest)))
                        .invoke(() -> LOG.infof("re-cataloged recovery point %s of instance %s from its manifest (%s)",
                                pointId, manifest.instanceId(), manifest.policy() == null
                                        ? "no retention rules in it: kept forever"
                                        : "policy " + manifest.policy().policyName() + " v" + manifest.policy().policyVersion())))
                .chain(() -> points.get(pointId));
    }

    private static RecoveryPointManifest manifestOf(StoredPoint sp, Map<UUID, StoredManifest> manifests) {
        StoredManifest m = manifests.get(sp.pointId());
        if (m == null || !m.present()) {
            throw ProblemException.conflict("recovery point " + sp.pointId() + " has no manifest in the store: it is an"
                    + " incomplete upload, not a point", Map.of("recoveryPointId", sp.pointId()));
        }
        if (!m.valid()) {
            throw ProblemException.conflict("recovery point " + sp.pointId() + " cannot be re-cataloged: " + m.problem(),
                    Map.of("recoveryPointId", sp.pointId()));
        }
        return m.manifest();
    }

    private JobSucceeded asSucceeded(RecoveryPointManifest m) {
        return new JobSucceeded(UUID.randomUUID(), m.instanceId(), clock.instant(), m.jobId(), Operation.BACKUP, null,
                m.startedAt(), m.finishedAt(), m.totalBytes(), m.recoveryPointId(), m.policy(), m);
    }
}
