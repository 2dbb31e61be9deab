package io.pgvault.job.runner;

import io.pgvault.job.jobs.CancelledJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The jobs this process runs right now. */
@ApplicationScoped
public class RunningJobs {

    private final Map<UUID, RunningJob> jobs = new ConcurrentHashMap<>();

    RunningJob register(UUID id, UUID instanceId, boolean backup, Instant deadline) {
        RunningJob job = new RunningJob(id, instanceId, backup, deadline);
        jobs.put(id, job);
        return job;
    }

    void remove(UUID id) {
        jobs.remove(id);
    }

    public int size() {
        return jobs.size();
    }

    public Collection<RunningJob> all() {
        return jobs.values();
    }

    public Set<UUID> ids() {
        return Set.copyOf(jobs.keySet());
    }

    /** Instances with a backup running here. */
    public Set<UUID> backupInstances() {
        return jobs.values().stream().filter(RunningJob::isBackup).map(RunningJob::instanceId)
                .collect(Collectors.toSet());
    }

    /** Stops a job running here; no-op if it does not run here. Never blocks. */
    public void cancel(UUID id) {
        RunningJob job = jobs.get(id);
        if (job != null) {
            job.cancel();
        }
    }

    /** A user cancelled a job: if it runs here, its process is stopped. */
    void onCancelled(@Observes CancelledJob cancelled) {
        cancel(cancelled.id());
    }
}
