package io.pgvault.job.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgvault.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

class JobTransitionsTest {

    @Test
    void aQueuedJobStartsOrIsCancelledOrFailsButNeverCompletesWithoutRunning() {
        assertThat(JobTransitions.allowed(JobStatus.QUEUED, JobStatus.IN_PROGRESS)).isTrue();
        assertThat(JobTransitions.allowed(JobStatus.QUEUED, JobStatus.CANCELLED)).isTrue();
        assertThat(JobTransitions.allowed(JobStatus.QUEUED, JobStatus.FAILED)).isTrue();
        assertThat(JobTransitions.allowed(JobStatus.QUEUED, JobStatus.COMPLETED)).isFalse();
    }

    @Test
    void aRunningJobEndsInExactlyOneTerminalState() {
        assertThat(JobTransitions.allowed(JobStatus.IN_PROGRESS, JobStatus.COMPLETED)).isTrue();
        assertThat(JobTransitions.allowed(JobStatus.IN_PROGRESS, JobStatus.FAILED)).isTrue();
        assertThat(JobTransitions.allowed(JobStatus.IN_PROGRESS, JobStatus.CANCELLED)).isTrue();
        assertThat(JobTransitions.allowed(JobStatus.IN_PROGRESS, JobStatus.QUEUED)).isFalse();
    }

    @Test
    void terminalStatesNeverChange() {
        for (JobStatus terminal : new JobStatus[] {JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED}) {
            assertThat(terminal.isTerminal()).isTrue();
            for (JobStatus to : JobStatus.values()) {
                assertThat(JobTransitions.allowed(terminal, to)).as(terminal + " -> " + to).isFalse();
            }
        }
    }

    @Test
    void cancellingAFinishedJobIsRefusedNamingTheCurrentState() {
        assertThatThrownBy(() -> JobTransitions.require("cancel", JobStatus.COMPLETED, JobStatus.CANCELLED))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(409))
                .hasMessageContaining("COMPLETED")
                .hasMessageContaining("QUEUED")
                .hasMessageContaining("IN_PROGRESS");
    }
}
