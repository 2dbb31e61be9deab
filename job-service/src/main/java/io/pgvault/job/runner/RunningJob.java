package io.pgvault.job.runner;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A job this process runs: its progress and the process it waits on, so a cancel can stop it. */
public final class RunningJob {

    private static final long GRACE_SECONDS = 5;

    private final UUID id;
    private final UUID instanceId;
    private final boolean backup;
    private final AtomicLong bytes = new AtomicLong();
    private volatile Process process;
    private volatile boolean cancelled;

    RunningJob(UUID id, UUID instanceId, boolean backup) {
        this.id = id;
        this.instanceId = instanceId;
        this.backup = backup;
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

    /** Registers the process the job waits on; destroys it at once if the job was cancelled meanwhile. */
    void attach(Process started) {
        this.process = started;
        if (cancelled) {
            destroy(started);
        }
    }

    void detach() {
        this.process = null;
    }

    /** Stops the job: its current process is killed, its runner sees the flag and cleans up. */
    void cancel() {
        cancelled = true;
        Process current = process;
        if (current != null) {
            destroy(current);
        }
    }

    /**
     * SIGTERM first: pg_dump and pg_restore then send the server a cancel request, so a backend
     * waiting on a lock stops too; SIGKILL after a grace period if the tool is still there.
     */
    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.onExit().orTimeout(GRACE_SECONDS, TimeUnit.SECONDS).exceptionally(timeout -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return process;
        });
    }
}
