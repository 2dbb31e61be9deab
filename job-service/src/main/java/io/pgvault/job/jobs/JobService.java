package io.pgvault.job.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.ManifestRef;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.common.RetentionDuration;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.common.VerificationEvidence;
import io.pgvault.contracts.common.VerifySetting;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.contracts.instance.VerifyRequested;
import io.pgvault.contracts.job.JobFailed;
import io.pgvault.contracts.job.JobStarted;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.contracts.job.VerificationCompleted;
import io.pgvault.job.config.JobConfig;
import io.pgvault.platform.json.Json;
import io.pgvault.platform.outbox.Outbox;
import io.pgvault.platform.problem.ProblemException;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** The job use cases; each state change and the job event it causes commit in one transaction. */
@ApplicationScoped
public class JobService {

    /**
     * One step a runner announces before it starts.
     *
     * @param kind     GLOBALS, DATABASE or FILE
     * @param database the database, if any
     * @param artifact the file, if any
     */
    public record SubTaskPlan(SubTask.Kind kind, String database, String artifact) {
    }

    /**
     * A job the reaper failed.
     *
     * @param id              job id
     * @param instanceId      its instance
     * @param operation       backup or restore
     * @param recoveryPointId the point it was writing or reading
     * @param summary         its state now
     */
    public record ReapedJob(UUID id, UUID instanceId, Operation operation, UUID recoveryPointId, JobSummary summary) {
    }

    private final JobRepository jobs;
    private final SubTaskRepository subTasks;
    private final Clock clock;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Replica replica;
    private final Duration lease;
    private final int manifestInlineLimit;
    private final int maxVerifications;

    public JobService(JobRepository jobs, SubTaskRepository subTasks, Clock clock, Outbox outbox, ObjectMapper mapper,
            Replica replica, JobConfig config) {
        this.jobs = jobs;
        this.subTasks = subTasks;
        this.clock = clock;
        this.outbox = outbox;
        this.mapper = mapper;
        this.replica = replica;
        this.lease = config.staleAfter();
        this.manifestInlineLimit = config.manifestInlineLimit();
        this.maxVerifications = Math.max(1, config.verify().maxConcurrent());
    }

    private Instant now() {
        // PostgreSQL keeps microseconds; the list cursor compares timestamps exactly.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Records a backup job, QUEUED; runs inside the inbox's transaction. A job id seen before creates nothing. */
    public Uni<JobSummary> record(BackupRequested command) {
        return recordOnce(command.jobId(), () -> {
            Job job = newJob(command.jobId(), command.instanceId(), command.instanceName(), Operation.BACKUP,
                    command.trigger() == null ? Trigger.ON_DEMAND : command.trigger(), command.requestedBy(), command);
            if (command.policy() != null) {
                job.policyName = command.policy().policyName();
                job.policyVersion = command.policy().policyVersion();
            }
            job.recoveryPointId = UUID.randomUUID();
            return job;
        });
    }

    /** Records a restore job, QUEUED; runs inside the inbox's transaction. A job id seen before creates nothing. */
    public Uni<JobSummary> record(RestoreRequested command) {
        return recordOnce(command.jobId(), () -> {
            Job job = newJob(command.jobId(), command.instanceId(), command.instanceName(), Operation.RESTORE,
                    Trigger.ON_DEMAND, command.requestedBy(), command);
            job.recoveryPointId = command.recoveryPointId();
            return job;
        });
    }

    /**
     * Records a verification job, QUEUED; runs inside the inbox's transaction. A job id seen before creates nothing,
     * and so does a policy's (trigger SCHEDULED) while a verification of the instance is queued or running: the
     * periodic request of instance-service and the one after a backup must not verify twice.
     */
    public Uni<JobSummary> record(VerifyRequested command) {
        if (command.trigger() == Trigger.SCHEDULED) {
            return jobs.latestVerificationOf(command.instanceId()).chain(latest -> {
                if (latest != null && !latest.id.equals(command.jobId())
                        && (latest.status == JobStatus.QUEUED || latest.status == JobStatus.IN_PROGRESS)) {
                    Log.infof("scheduled verification %s of instance %s not queued: verification %s is %s", command.jobId(),
                            command.instanceId(), latest.id, latest.status);
                    return Uni.createFrom().nullItem();
                }
                return recordVerification(command);
            });
        }
        return recordVerification(command);
    }

    private Uni<JobSummary> recordVerification(VerifyRequested command) {
        return recordOnce(command.jobId(), () -> {
            Job job = newJob(command.jobId(), command.instanceId(), command.instanceName(), Operation.VERIFY,
                    command.trigger() == null ? Trigger.ON_DEMAND : command.trigger(), command.requestedBy(), command);
            job.recoveryPointId = command.recoveryPointId();
            return job;
        });
    }

    /**
     * A user asks for a recovery point to be verified: a VERIFY job, QUEUED, for the point this service's
     * backup wrote. The same {@code idempotencyKey} for the same point answers the same job.
     *
     * @throws ProblemException 404 if no completed backup of this service wrote the point
     */
    @WithTransaction
    public Uni<JobSummary> requestVerification(UUID recoveryPointId, String idempotencyKey, String requestedBy) {
        UUID jobId = idempotencyKey == null || idempotencyKey.isBlank() ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes(("verify:" + recoveryPointId + ":" + idempotencyKey)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return jobs.findById(jobId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(JobSummary.from(existing, now()));
            }
            return jobs.backupOf(recoveryPointId).chain(backup -> {
                if (backup == null) {
                    return Uni.createFrom().failure(ProblemException.notFound("recovery point", recoveryPointId));
                }
                VerifyRequested command = new VerifyRequested(UUID.randomUUID(), backup.instanceId, now(), jobId,
                        recoveryPointId, backup.instanceName, Trigger.ON_DEMAND, requestedBy, null);
                return record(command);
            });
        });
    }

    /**
     * Ends a running verification with its outcome, in one transaction: the job COMPLETED (VERIFIED) or
     * FAILED ({@code failure}), its evidence on the row, JobSucceeded or JobFailed, and VerificationCompleted.
     * Null if the job is no longer running (cancelled or reaped meanwhile): no outcome is announced.
     */
    @WithTransaction
    public Uni<JobSummary> endVerification(UUID jobId, VerificationEvidence evidence, JobError failure) {
        Instant now = now();
        return jobs.findById(jobId).chain(job -> {
            if (job == null || job.status != JobStatus.IN_PROGRESS) {
                return Uni.createFrom().nullItem();
            }
            job.verification = Json.write(mapper, evidence);
            Event ended;
            if (failure == null) {
                job.moveTo(JobStatus.COMPLETED, now);
                ended = new JobSucceeded(UUID.randomUUID(), job.instanceId, now, job.id, job.operation, job.trigger,
                        job.startedAt, now, job.bytesDone, job.recoveryPointId, null, null, null);
            } else {
                ended = failure(job, failure, now);
            }
            VerificationCompleted completed = new VerificationCompleted(UUID.randomUUID(), job.instanceId, now,
                    job.recoveryPointId, evidence);
            return outbox.publish(ended).chain(() -> outbox.publish(completed))
                    .replaceWith(() -> JobSummary.from(job, now));
        });
    }

    /** Persists the job {@code create} makes unless one with {@code jobId} exists; null if it did. */
    private Uni<JobSummary> recordOnce(UUID jobId, Supplier<Job> create) {
        return jobs.findById(jobId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().nullItem();
            }
            Job job = create.get();
            return jobs.persist(job).replaceWith(() -> JobSummary.from(job, job.createdAt));
        });
    }

    private Job newJob(UUID id, UUID instanceId, String instanceName, Operation operation, Trigger trigger,
            String requestedBy, Event command) {
        Job job = new Job();
        job.id = id;
        job.instanceId = instanceId;
        job.instanceName = instanceName;
        job.operation = operation;
        job.trigger = trigger;
        job.requestedBy = requestedBy;
        job.status = JobStatus.QUEUED;
        job.createdAt = now();
        job.request = Json.write(mapper, command);
        return job;
    }

    /**
     * Starts up to {@code slots} queued jobs, oldest first, never a second backup of an instance that
     * already has one running (here or on another replica), and records this replica as their owner with
     * a fresh lease. Nothing a claim meets makes it fail or wait: it locks only the rows it starts, each
     * {@code FOR UPDATE SKIP LOCKED} (two replicas claiming at once take different jobs, and a row it only
     * looked at stays free for the other); and it starts a backup only once this transaction holds the
     * instance's backup-claim lock ({@link JobRepository#tryLockBackupsOf}) and, under it, no backup of
     * the instance runs. A backup another replica is starting at the same moment is skipped (it stays
     * queued for a later dispatch) and the claim goes on with the next job, instead of running into the
     * unique index on running backups, which would fail the whole claim each time the two replicas meet.
     */
    @WithTransaction
    public Uni<List<ClaimedJob>> claim(int slots, Set<UUID> busyBackupInstances) {
        return jobs.runningVerifications().chain(verifying -> jobs.oldestQueued(Math.max(slots * 10, 20))
                .chain(queued -> pick(behindTheRest(queued, maxVerifications - verifying).iterator(), slots,
                        new HashSet<>(busyBackupInstances), new ArrayList<>())))
                .chain(this::start);
    }

    /**
     * Verifications run at low priority: after every queued backup and restore of the batch, and no more than
     * {@code verifySlots} of them (what {@code pgvault.job.verify.max-concurrent} leaves free).
     */
    private static List<Job> behindTheRest(List<Job> queued, long verifySlots) {
        List<Job> ordered = new ArrayList<>(queued.stream().filter(job -> job.operation != Operation.VERIFY).toList());
        queued.stream().filter(job -> job.operation == Operation.VERIFY).limit(Math.max(0, verifySlots))
                .forEach(ordered::add);
        return ordered;
    }

    /** The jobs of {@code queued} this claim starts, at most {@code slots}, locked: one backup per free instance. */
    private Uni<List<Job>> pick(Iterator<Job> queued, int slots, Set<UUID> busy, List<Job> picked) {
        if (picked.size() >= slots || !queued.hasNext()) {
            return Uni.createFrom().item(picked);
        }
        Job job = queued.next();
        Uni<Boolean> take;
        if (job.operation != Operation.BACKUP) {
            take = jobs.lockIfQueued(job.id);
        } else if (!busy.add(job.instanceId)) {
            take = Uni.createFrom().item(false);
        } else {
            take = jobs.tryLockBackupsOf(job.instanceId)
                    .chain(free -> free ? jobs.lockIfQueued(job.id) : Uni.createFrom().item(false))
                    .chain(locked -> locked ? jobs.hasRunningBackup(job.instanceId).map(running -> !running)
                            : Uni.createFrom().item(false));
        }
        return take.chain(started -> {
            if (started) {
                picked.add(job);
            }
            return pick(queued, slots, busy, picked);
        });
    }

    private Uni<List<ClaimedJob>> start(List<Job> picked) {
        List<ClaimedJob> claimed = new ArrayList<>();
        List<JobStarted> started = new ArrayList<>();
        Instant now = now();
        for (Job job : picked) {
            job.moveTo(JobStatus.IN_PROGRESS, now);
            job.owner = replica.id();
            job.leaseExpiresAt = now.plus(lease);
            claimed.add(new ClaimedJob(job.id, job.instanceId, job.operation, job.trigger, job.request,
                    job.recoveryPointId, now));
            started.add(new JobStarted(UUID.randomUUID(), job.instanceId, now, job.id, job.operation, job.trigger));
        }
        return outbox.publishAll(started).replaceWith(claimed);
    }

    /** Writes a running job's steps and its size estimate. */
    @WithTransaction
    public Uni<JobSummary> plan(UUID jobId, List<SubTaskPlan> plan, Long bytesEstimated) {
        return jobs.findById(jobId).chain(job -> {
            job.bytesEstimated = bytesEstimated;
            List<SubTask> tasks = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                SubTask task = new SubTask();
                task.id = UUID.randomUUID();
                task.jobId = jobId;
                task.position = i;
                task.kind = plan.get(i).kind();
                task.databaseName = plan.get(i).database();
                task.artifact = plan.get(i).artifact();
                task.status = SubTask.Status.PENDING;
                tasks.add(task);
            }
            return subTasks.persist(tasks).replaceWith(() -> JobSummary.from(job, now()));
        });
    }

    /** Records a step's progress; its job's bytes too. */
    @WithTransaction
    public Uni<Void> subTask(UUID jobId, int position, SubTask.Status status, long bytes, long jobBytes) {
        Instant now = now();
        return subTasks.at(jobId, position)
                .chain(task -> {
                    task.status = status;
                    task.bytes = bytes;
                    if (status == SubTask.Status.IN_PROGRESS) {
                        task.startedAt = now;
                    } else if (status != SubTask.Status.PENDING) {
                        task.finishedAt = now;
                    }
                    return jobs.renewLease(jobId, replica.id(), jobBytes, now, now.plus(lease));
                })
                .replaceWithVoid();
    }

    /**
     * The heartbeat of the jobs this replica runs, with their bytes so far: renews their lease. Returns the
     * ones still running and owned here; a job missing from the answer was cancelled or reaped elsewhere,
     * and its runner must stop.
     */
    @WithTransaction
    public Uni<List<JobSummary>> heartbeat(Map<UUID, Long> bytesByJob) {
        if (bytesByJob.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant now = now();
        Instant until = now.plus(lease);
        Uni<Integer> renewed = Uni.createFrom().item(0);
        for (Map.Entry<UUID, Long> entry : bytesByJob.entrySet()) {
            renewed = renewed.chain(() -> jobs.renewLease(entry.getKey(), replica.id(), entry.getValue(), now, until));
        }
        // Read after the bulk updates, so the entities carry the renewed values without being changed here.
        return renewed.chain(() -> jobs.runningAmong(bytesByJob.keySet(), replica.id()))
                .map(running -> running.stream().map(job -> JobSummary.from(job, now)).toList());
    }

    /**
     * Records, before the restore creates it, a database the restore job is about to create: the debris
     * cleanup drops only a database so recorded that also carries the job's comment.
     *
     * @return false if the job is no longer running here (the runner must not create it)
     */
    @WithTransaction
    public Uni<Boolean> recordTargetDatabase(UUID jobId, String database) {
        return jobs.findById(jobId).map(job -> {
            if (job == null || job.status != JobStatus.IN_PROGRESS || !replica.id().equals(job.owner)) {
                return false;
            }
            List<String> names = new ArrayList<>(targetDatabases(job));
            names.add(database);
            job.targetDatabases = Json.write(mapper, names);
            return true;
        });
    }

    /** The databases a restore job recorded before creating them. */
    public List<String> targetDatabases(Job job) {
        if (job.targetDatabases == null || job.targetDatabases.isBlank()) {
            return List.of();
        }
        return List.of(Json.read(mapper, job.targetDatabases, String[].class));
    }

    /**
     * Completes a running job and publishes JobSucceeded. Returns {@code null} if the job is no longer
     * running (cancelled or reaped meanwhile): the caller then discards what it produced.
     */
    @WithTransaction
    public Uni<JobSummary> complete(UUID jobId, long bytes, RecoveryPointManifest manifest, PolicySnapshot policy) {
        return complete(jobId, bytes, manifest, null, policy);
    }

    /**
     * Completes a running backup whose manifest is stored as {@code stored}: JobSucceeded carries the manifest
     * itself, or, when the stored manifest is larger than {@code pgvault.job.manifest-inline-limit}, only the
     * reference (retention-service then reads it from the store and checks its digest). The job's own row
     * keeps the whole manifest either way.
     */
    @WithTransaction
    public Uni<JobSummary> complete(UUID jobId, long bytes, RecoveryPointManifest manifest, ManifestRef stored,
            PolicySnapshot policy) {
        Instant now = now();
        return jobs.findById(jobId).chain(job -> {
            if (job.status != JobStatus.IN_PROGRESS) {
                return Uni.createFrom().nullItem();
            }
            job.moveTo(JobStatus.COMPLETED, now);
            job.bytesDone = bytes;
            if (manifest != null) {
                job.manifest = Json.write(mapper, manifest);
            }
            boolean byReference = stored != null && stored.bytes() > manifestInlineLimit;
            JobSucceeded succeeded = new JobSucceeded(UUID.randomUUID(), job.instanceId, now, job.id, job.operation,
                    job.trigger, job.startedAt, now, bytes, job.recoveryPointId, policy, byReference ? null : manifest,
                    byReference ? stored : null);
            return outbox.publish(succeeded).chain(() -> verifyAfter(job, policy, now))
                    .replaceWith(() -> JobSummary.from(job, now));
        });
    }

    /**
     * The policy's verification setting, after a backup completed: with {@code EVERY_BACKUP}, and with a duration
     * when the instance's last verification is older than that (or there is none), a VERIFY job of the new point
     * is queued in the same transaction (its id derived from the backup's, so it is queued once).
     */
    private Uni<Void> verifyAfter(Job backup, PolicySnapshot policy, Instant now) {
        VerifySetting verify = policy == null ? null : policy.verify();
        if (backup.operation != Operation.BACKUP || verify == null || verify.every() == null
                || VerifySetting.OFF.equals(verify.every())) {
            return Uni.createFrom().voidItem();
        }
        Uni<Boolean> due = VerifySetting.EVERY_BACKUP.equals(verify.every()) ? Uni.createFrom().item(true)
                : jobs.latestVerificationOf(backup.instanceId).map(last -> last == null || !RetentionDuration
                        .parse(verify.every()).addTo(last.createdAt.atZone(java.time.ZoneOffset.UTC))
                        .toInstant().isAfter(now));
        return due.chain(queue -> !queue ? Uni.createFrom().voidItem()
                : record(new VerifyRequested(UUID.randomUUID(), backup.instanceId, now,
                        UUID.nameUUIDFromBytes(("verify-after:" + backup.id).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        backup.recoveryPointId, backup.instanceName, Trigger.SCHEDULED, "policy " + policy.policyName(),
                        verify.target()))
                        .replaceWithVoid());
    }

    /** Records the digest of the manifest a running backup has just stored (the catalog's copy). */
    @WithTransaction
    public Uni<Void> recordManifestDigest(UUID jobId, String sha256) {
        return jobs.findById(jobId).invoke(job -> {
            if (job != null) {
                job.manifestSha256 = sha256;
            }
        }).replaceWithVoid();
    }

    /** The manifest digest the catalog keeps for {@code recoveryPointId}; empty for a point from before digests. */
    @WithSession
    public Uni<java.util.Optional<String>> manifestDigestOf(UUID recoveryPointId) {
        return jobs.backupOf(recoveryPointId).map(job -> java.util.Optional.ofNullable(job == null ? null
                : job.manifestSha256));
    }

    /** Fails (or, with CANCELLED, cancels) a job that is not yet terminal and publishes JobFailed; null if it had ended. */
    @WithTransaction
    public Uni<JobSummary> fail(UUID jobId, JobError error) {
        Instant now = now();
        return jobs.findById(jobId).chain(job -> {
            if (job == null || job.status.isTerminal()) {
                // Already ended (cancelled by a user, reaped): nothing changes, nothing to announce.
                return Uni.createFrom().nullItem();
            }
            return failed(job, error, now);
        });
    }

    private Uni<JobSummary> failed(Job job, JobError error, Instant now) {
        return outbox.publish(failure(job, error, now)).replaceWith(() -> JobSummary.from(job, now));
    }

    /** Fails {@code job} in the session and answers the JobFailed that announces it. */
    private static JobFailed failure(Job job, JobError error, Instant now) {
        job.fail(error, now);
        return new JobFailed(UUID.randomUUID(), job.instanceId, now, job.id, job.operation, job.trigger,
                error.code().name(), error.message(), error.recommendation());
    }

    /**
     * A user cancels a queued or running job: it becomes CANCELLED at once (JobFailed with code
     * CANCELLED); its worker, if any, stops its process and removes the partial artifacts.
     *
     * @throws ProblemException 404 if unknown, 409 naming the state if already finished
     */
    @WithTransaction
    public Uni<JobSummary> cancel(UUID jobId) {
        Instant now = now();
        return jobs.findById(jobId).chain(job -> {
            if (job == null) {
                return Uni.createFrom().failure(ProblemException.notFound("job", jobId));
            }
            JobTransitions.require("cancel", job.status, JobStatus.CANCELLED);
            return failed(job, ErrorCode.CANCELLED.error(), now);
        });
    }

    /**
     * Fails as INTERRUPTED every running job whose lease expired (a job recorded before leases existed:
     * whose heartbeat is older than {@code staleBefore}), except those this process runs, and marks its
     * debris for removal. The rows are locked {@code SKIP LOCKED}, so two replicas' reapers never fail one
     * job twice. Their JobFailed rows are written with one {@link Outbox#publishAll}, like claim's
     * JobStarted rows: however many jobs are reaped, no operator is chained per job.
     */
    @WithTransaction
    public Uni<List<ReapedJob>> reap(Instant staleBefore, Set<UUID> runningHere) {
        Instant now = now();
        return jobs.lockExpiredLeases(now, staleBefore).chain(stale -> {
            List<ReapedJob> reaped = new ArrayList<>();
            List<JobFailed> failures = new ArrayList<>();
            for (Job job : stale) {
                if (runningHere.contains(job.id)) {
                    continue;
                }
                String when = job.heartbeatAt == null ? "never" : "last at " + job.heartbeatAt;
                String who = job.owner == null ? "the job-service running it" : "job-service replica " + job.owner;
                failures.add(failure(job, ErrorCode.INTERRUPTED.error("No heartbeat since " + when
                        + " and its lease expired: " + who + " stopped."), now));
                job.debrisPending = true;
                reaped.add(new ReapedJob(job.id, job.instanceId, job.operation, job.recoveryPointId,
                        JobSummary.from(job, now)));
            }
            return outbox.publishAll(failures).replaceWith(reaped);
        });
    }

    /**
     * A dead job whose debris is still to be removed.
     *
     * @param id               job id
     * @param instanceId       its instance
     * @param operation        backup or restore
     * @param recoveryPointId  the point it wrote or read
     * @param request          the command's JSON
     * @param targetDatabases  restore: the databases it recorded before creating them
     */
    public record DeadJob(UUID id, UUID instanceId, Operation operation, UUID recoveryPointId, String request,
            List<String> targetDatabases) {
    }

    /** Dead jobs (reaped as INTERRUPTED) whose debris is still to be removed, a batch at a time. */
    @WithSession
    public Uni<List<DeadJob>> debrisPending() {
        return jobs.debrisPending(50).map(dead -> dead.stream().map(job -> new DeadJob(job.id, job.instanceId,
                job.operation, job.recoveryPointId, job.request, targetDatabases(job))).toList());
    }

    /** The debris of a dead job is gone. */
    @WithTransaction
    public Uni<Void> debrisRemoved(UUID jobId) {
        return jobs.debrisRemoved(jobId).replaceWithVoid();
    }

    /** Whether a job is queued or running (anywhere); an unknown id is not. */
    @WithSession
    public Uni<Boolean> isLive(UUID jobId) {
        return jobs.isLive(jobId);
    }
}
