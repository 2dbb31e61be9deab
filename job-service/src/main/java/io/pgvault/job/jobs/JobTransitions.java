package io.pgvault.job.jobs;

import io.pgvault.platform.problem.ProblemException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The job state machine: {@code QUEUED → IN_PROGRESS → COMPLETED | FAILED | CANCELLED}. A queued
 * job may also be cancelled, or failed before it starts. Terminal states never change.
 */
public final class JobTransitions {

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            JobStatus.QUEUED, EnumSet.of(JobStatus.IN_PROGRESS, JobStatus.FAILED, JobStatus.CANCELLED),
            JobStatus.IN_PROGRESS, EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED),
            JobStatus.COMPLETED, EnumSet.noneOf(JobStatus.class),
            JobStatus.FAILED, EnumSet.noneOf(JobStatus.class),
            JobStatus.CANCELLED, EnumSet.noneOf(JobStatus.class));

    private JobTransitions() {
    }

    /** Whether a job in {@code from} may move to {@code to}. */
    public static boolean allowed(JobStatus from, JobStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** The states from which {@code to} can be reached. */
    public static Set<JobStatus> statesLeadingTo(JobStatus to) {
        Set<JobStatus> from = EnumSet.noneOf(JobStatus.class);
        ALLOWED.forEach((state, targets) -> {
            if (targets.contains(to)) {
                from.add(state);
            }
        });
        return from;
    }

    /**
     * Checks a transition a user asked for.
     *
     * @throws ProblemException 409 naming the current state if it is not allowed
     */
    public static void require(String action, JobStatus from, JobStatus to) {
        if (!allowed(from, to)) {
            throw ProblemException.invalidState(action, from, statesLeadingTo(to));
        }
    }
}
