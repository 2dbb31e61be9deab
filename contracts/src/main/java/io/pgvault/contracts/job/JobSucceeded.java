package io.pgvault.contracts.job;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.ManifestRef;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.common.Trigger;
import java.time.Instant;
import java.util.UUID;

/**
 * A job completed.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param jobId           the job
 * @param operation       backup or restore
 * @param trigger         schedule or user request
 * @param startedAt       when the job started
 * @param finishedAt      when the job finished
 * @param bytes           bytes written: the point's size for a backup, bytes read from the store
 *                        for a restore
 * @param recoveryPointId backup: the point created; restore: the point restored
 * @param policy          backup: the retention rules the point was born with (from
 *                        {@link io.pgvault.contracts.instance.BackupRequested}); restore: {@code null}
 * @param manifest        backup: the point's manifest, unless it is large; restore: {@code null}
 * @param manifestRef     backup with a large manifest: where it is in the store and its digest, instead
 *                        of {@code manifest}; otherwise {@code null} (and absent from older producers)
 */
public record JobSucceeded(UUID eventId, UUID instanceId, Instant occurredAt, UUID jobId, Operation operation,
        Trigger trigger, Instant startedAt, Instant finishedAt, long bytes, UUID recoveryPointId,
        PolicySnapshot policy, RecoveryPointManifest manifest, ManifestRef manifestRef) implements Event {

    /** A JobSucceeded that carries its manifest (or none, for a restore). */
    public JobSucceeded(UUID eventId, UUID instanceId, Instant occurredAt, UUID jobId, Operation operation,
            Trigger trigger, Instant startedAt, Instant finishedAt, long bytes, UUID recoveryPointId,
            PolicySnapshot policy, RecoveryPointManifest manifest) {
        this(eventId, instanceId, occurredAt, jobId, operation, trigger, startedAt, finishedAt, bytes, recoveryPointId,
                policy, manifest, null);
    }
}
