package io.pgvault.job.runner;

import io.pgvault.job.client.RetentionClient;
import io.pgvault.job.jobs.JobError;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A job this process runs: its progress and the processes it waits on (several when a backup dumps databases
 * concurrently), so a cancel can stop them.
 */
public final class RunningJob {

    private static final Duration GRACE = Duration.ofSeconds(5);

    private final UUID id;
    private final UUID instanceId;
    private final boolean backup;
    private final AtomicLong bytes = new AtomicLong();
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private final Instant deadline;
    private volatile boolean cancelled;
    private volatile JobError stopReason;
    private volatile RetentionClient.Hold hold;

    /**
     * @param deadline when the job has run for its operation's maximum duration: no wait on a process
     *                 lasts beyond it
     */
    RunningJob(UUID id, UUID instanceId, boolean backup, Instant deadline) {
        this.id = id;
        this.instanceId = instanceId;
        this.backup = backup;
        this.deadline = deadline;
    }

    /** A stand-in for clean-up work outside any job (dropping a half-restored database), bounded by {@code limit}. */
    public static RunningJob forCleanup(Duration limit) {
        return new RunningJob(null, null, false, Instant.now().plus(limit));
    }

    Instant deadline() {
        return deadline;
    }

    /** Why the job was stopped other than by a user's cancel (e.g. MAX_DURATION_EXCEEDED); null otherwise. */
    JobError stopReason() {
        return stopReason;
    }

    /** The restore hold the job holds, renewed with its heartbeat; null if none. */
    public RetentionClient.Hold hold() {
        return hold;
    }

    void holding(RetentionClient.Hold taken) {
        this.hold = taken;
    }

    public UUID id() {
        return id;
    }

    public UUID instanceId() {
        return instanceId;
    }

    public boolean isBackup() {
        return backup;
    }

    public long bytes() {
        return bytes.get();
    }

    void addBytes(long count) {
        bytes.addAndGet(count);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Registers a process the job waits on; destroys it at once if the job was cancelled meanwhile. */
    void attach(Process started) {
        processes.add(started);
        if (cancelled) {
            destroy(started);
        }
    }

    void detach(Process ended) {
        processes.remove(ended);
    }

    /**
     * Stops the processes running now without ending the job: when one of a backup's concurrent dumps failed, the
     * others' work is wasted; the job fails with the first failure.
     */
    void stopProcesses() {
        processes.forEach(RunningJob::destroy);
    }

    /** Stops the job for {@code reason}: it ends FAILED with that error rather than CANCELLED. */
    void stop(JobError reason) {
        stopReason = reason;
        cancel();
    }

    /** Stops the job: its current process trees are killed, its runner sees the flag and cleans up. */
    void cancel() {
        cancelled = true;
        processes.forEach(RunningJob::destroy);
    }

    /** The whole process tree: SIGTERM, SIGKILL after a grace period ({@link ProcessTree}). */
    static void destroy(Process process) {
        ProcessTree.kill(process.toHandle(), GRACE);
    }
}
