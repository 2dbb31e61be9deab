package io.pgvault.retention.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgvault.retention.catalog.PointState;
import io.pgvault.retention.catalog.RecoveryPointRepository;
import io.pgvault.retention.catalog.RecoveryPointRepository.Entry;
import io.pgvault.retention.catalog.RecoveryPointRepository.PointRef;
import io.pgvault.retention.config.RetentionConfig;
import io.pgvault.retention.store.RecoveryPointStore.StoredManifest;
import io.pgvault.retention.store.RecoveryPointStore.StoredPoint;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Compares the catalog with the store. A directory with no catalog entry and no manifest is an orphan
 * (an upload that never completed), removed after the grace period. A directory with no catalog entry
 * but a manifest is a complete point whose JobSucceeded was lost or has not arrived yet: it is reported
 * as uncataloged (gauge {@code pgvault.retention.store.uncataloged}) and never removed here; an admin
 * re-catalogs it from its manifest. Catalog entries whose directory is gone are flagged on the point and
 * counted in the gauge {@code pgvault.retention.points.files.missing}.
 */
@ApplicationScoped
public class StoreDrift {

    private static final Logger LOG = Logger.getLogger(StoreDrift.class);

    private final RecoveryPointStore store;
    private final RecoveryPointRepository points;
    private final RetentionConfig config;
    private final Clock clock;
    private final AtomicLong orphans = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong uncataloged = new AtomicLong();

    public StoreDrift(RecoveryPointStore store, RecoveryPointRepository points, RetentionConfig config, Clock clock,
            MeterRegistry registry) {
        this.store = store;
        this.points = points;
        this.config = config;
        this.clock = clock;
        registry.gauge("pgvault.retention.store.orphans", orphans);
        registry.gauge("pgvault.retention.points.files.missing", missing);
        registry.gauge("pgvault.retention.store.uncataloged", uncataloged);
    }

    @Scheduled(identity = "retention-drift", every = "${pgvault.retention.drift-interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return repair().invoke(r -> {
            if (!r.orphans().isEmpty() || !r.missingFiles().isEmpty() || !r.uncataloged().isEmpty()) {
                LOG.warnf("catalog/store drift: %d orphan directories, %d points with missing files, %d uncataloged"
                        + " points (complete in the store, never removed: re-catalog them with POST"
                        + " /api/v1/retention/drift/uncataloged/{id}/recatalog)",
                        r.orphans().size(), r.missingFiles().size(), r.uncataloged().size());
            }
        }).onFailure().recoverWithItem(failure -> {
            LOG.warnf("drift check failed (%s); the next run retries", failure.getMessage());
            return null;
        }).replaceWithVoid();
    }

    /** Compares catalog and store; changes nothing. */
    public Uni<DriftReport> report() {
        return store.listPoints().chain(stored -> Panache.withSession(() -> compare(stored)));
    }

    /** Compares, flags points whose files are missing, removes orphans older than the grace period. */
    public Uni<DriftReport> repair() {
        return report().chain(report -> Panache.withTransaction(() -> flag(report))
                .chain(() -> removeOldOrphans(report))
                .invoke(() -> {
                    orphans.set(report.orphans().size());
                    missing.set(report.missingFiles().size());
                    uncataloged.set(report.uncataloged().size());
                })
                .replaceWith(report));
    }

    private Uni<DriftReport> compare(List<StoredPoint> stored) {
        Instant now = clock.instant();
        return points.entriesWithArtifacts().chain(entries -> {
            Map<UUID, StoredPoint> onDisk = new HashMap<>();
            stored.forEach(sp -> onDisk.put(sp.pointId(), sp));
            Set<UUID> known = new HashSet<>();
            List<DriftReport.MissingFiles> missingFiles = new ArrayList<>();
            for (Entry entry : entries) {
                known.add(entry.id());
                if (entry.state() != PointState.PURGED && !isWhole(onDisk.get(entry.id()), entry)) {
                    missingFiles.add(new DriftReport.MissingFiles(entry.id(), entry.instanceId(), entry.state().name()));
                }
            }
            List<StoredPoint> unknown = stored.stream().filter(sp -> !known.contains(sp.pointId())).toList();
            // A directory the catalog does not know is a removable orphan only without a manifest (an upload that
            // never completed); with one, it is a complete point whose JobSucceeded was lost, and is kept.
            return store.manifests(unknown).map(manifests -> {
                List<DriftReport.Orphan> orphanList = new ArrayList<>();
                List<DriftReport.Uncataloged> uncatalogedList = new ArrayList<>();
                for (StoredPoint sp : unknown) {
                    StoredManifest m = manifests.get(sp.pointId());
                    if (m == null || !m.present()) {
                        orphanList.add(new DriftReport.Orphan(sp.instanceId(), sp.pointId(), sp.modifiedAt(),
                                sp.modifiedAt().plus(config.gracePeriod())));
                    } else if (m.valid()) {
                        uncatalogedList.add(new DriftReport.Uncataloged(sp.instanceId(), sp.pointId(),
                                m.manifest().jobId(), m.manifest().finishedAt(), m.manifest().totalBytes(),
                                m.manifest().policy() != null, null));
                    } else {
                        uncatalogedList.add(new DriftReport.Uncataloged(sp.instanceId(), sp.pointId(), null, null, null,
                                false, m.problem()));
                    }
                }
                return new DriftReport(now, orphanList, uncatalogedList, missingFiles, stored.size());
            });
        });
    }

    /** Stored, and (where the store lists its objects) with its manifest and every artifact the catalog names. */
    private static boolean isWhole(StoredPoint stored, Entry entry) {
        if (stored == null) {
            return false;
        }
        if (stored.objects() == null || entry.artifacts().isEmpty()) {
            return true;
        }
        return stored.objects().contains("manifest.json") && stored.objects().containsAll(entry.artifacts());
    }

    private Uni<Void> flag(DriftReport report) {
        return points.flagFilesMissing(report.missingFiles().stream().map(DriftReport.MissingFiles::recoveryPointId)
                .toList(), report.checkedAt());
    }

    private Uni<Void> removeOldOrphans(DriftReport report) {
        List<DriftReport.Orphan> due = report.orphans().stream()
                .filter(o -> !o.removableAt().isAfter(report.checkedAt()))
                .toList();
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.deletePoints(due.stream().map(o -> new PointRef(o.directory(), o.instanceId())).toList())
                .invoke(removed -> removed.forEach(ref -> LOG.infof("removed orphan directory %s/%s (no catalog entry)",
                        ref.instanceId(), ref.id())))
                .replaceWithVoid();
    }
}
