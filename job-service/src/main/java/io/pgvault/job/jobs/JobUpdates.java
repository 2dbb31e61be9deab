package io.pgvault.job.jobs;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The live feed of job changes behind the SSE stream; fed after each committed state or progress change. */
@ApplicationScoped
public class JobUpdates {

    private final BroadcastProcessor<JobSummary> processor = BroadcastProcessor.create();

    /** Announces a committed change. */
    public void publish(JobSummary summary) {
        processor.onNext(summary);
    }

    /** Changes from now on, of one instance or of all ({@code instanceId} null). */
    public Multi<JobSummary> stream(UUID instanceId) {
        return processor.filter(s -> instanceId == null || instanceId.equals(s.instanceId()));
    }
}
