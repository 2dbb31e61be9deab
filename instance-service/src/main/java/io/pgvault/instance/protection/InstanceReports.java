package io.pgvault.instance.protection;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * What the other services report about a backup instance, applied to it: job-service's backup jobs keep its
 * last backup and free it for the next one (restore jobs do not touch it); retention-service's counts keep
 * its recovery points, and its purge removes a SOFT_DELETED instance. An instance deleted meanwhile has nothing
 * left to update.
 */
@ApplicationScoped
public class InstanceReports {

    private static final Logger LOG = Logger.getLogger(InstanceReports.class);

    private final InstanceRepository instances;

    public InstanceReports(InstanceRepository instances) {
        this.instances = instances;
    }

    /** A backup job started; a report of a job already finished does not take its status back. */
    @WithTransaction
    public Uni<Void> backupStarted(UUID instanceId, UUID jobId, Instant at) {
        return update(instanceId, i -> {
            if (!jobId.equals(i.lastBackupJobId) || i.lastBackupStatus == null) {
                lastBackup(i, jobId, "IN_PROGRESS", at, null);
            }
        });
    }

    /** A backup job completed at {@code at}; the instance may back up again. */
    @WithTransaction
    public Uni<Void> backupSucceeded(UUID instanceId, UUID jobId, Instant at) {
        return update(instanceId, i -> {
            lastBackup(i, jobId, "COMPLETED", at, null);
            clearActive(i, jobId);
        });
    }

    /** A backup job failed with {@code error}; the instance may back up again. */
    @WithTransaction
    public Uni<Void> backupFailed(UUID instanceId, UUID jobId, Instant at, String error) {
        return update(instanceId, i -> {
            lastBackup(i, jobId, "FAILED", at, error);
            clearActive(i, jobId);
        });
    }

    /**
     * job-service verified one of the instance's points: the latest (by {@code at}) sets the instance's health,
     * WARNING after a FAILED one, OK again after a VERIFIED one.
     */
    @WithTransaction
    public Uni<Void> verificationCompleted(UUID instanceId, UUID jobId, UUID pointId, String outcome, Instant at,
            String message) {
        return update(instanceId, i -> {
            if (i.lastVerificationAt == null || !at.isBefore(i.lastVerificationAt)) {
                i.lastVerificationJobId = jobId;
                i.lastVerificationPointId = pointId;
                i.lastVerificationOutcome = outcome;
                i.lastVerificationAt = at;
                i.lastVerificationMessage = message;
            }
        });
    }

    /** retention-service recorded a new point: counted, and the newest one if it is newer than the one known. */
    @WithTransaction
    public Uni<Void> recoveryPointCreated(UUID instanceId, UUID pointId, Instant createdAt, int livePoints) {
        return update(instanceId, i -> {
            i.recoveryPoints = livePoints;
            if (i.newestPointAt == null || (createdAt != null && createdAt.isAfter(i.newestPointAt))) {
                i.newestPointId = pointId;
                i.newestPointAt = createdAt;
            }
        });
    }

    /** retention-service deleted a point: counted; if it was the newest, none is known until the next one. */
    @WithTransaction
    public Uni<Void> recoveryPointDeleted(UUID instanceId, UUID pointId, int livePoints) {
        return update(instanceId, i -> {
            i.recoveryPoints = livePoints;
            if (pointId != null && pointId.equals(i.newestPointId)) {
                i.newestPointId = null;
            }
        });
    }

    /** retention-service counts {@code livePoints} live recovery points of the instance. */
    @WithTransaction
    public Uni<Void> recoveryPointsCounted(UUID instanceId, int livePoints) {
        return update(instanceId, i -> i.recoveryPoints = livePoints);
    }

    /** retention-service purged every point of the instance: a SOFT_DELETED instance is removed. */
    @WithTransaction
    public Uni<Void> dataPurged(UUID instanceId) {
        return instances.lock(instanceId).chain(i -> {
            if (i == null) {
                return Uni.createFrom().voidItem();
            }
            if (i.state == ProtectionState.SOFT_DELETED) {
                LOG.infof("backup instance %s (%s) purged by retention-service: removed", i.name, i.id);
                return instances.delete(i);
            }
            i.recoveryPoints = 0;
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> update(UUID instanceId, Consumer<BackupInstance> change) {
        return instances.lock(instanceId).invoke(i -> {
            if (i != null) {
                change.accept(i);
            }
        }).replaceWithVoid();
    }

    private static void lastBackup(BackupInstance i, UUID jobId, String status, Instant at, String error) {
        i.lastBackupJobId = jobId;
        i.lastBackupStatus = status;
        i.lastBackupAt = at;
        i.lastBackupError = error;
    }

    private static void clearActive(BackupInstance i, UUID jobId) {
        if (jobId.equals(i.activeBackupJobId)) {
            i.activeBackupJobId = null;
            i.activeBackupSince = null;
        }
    }
}
