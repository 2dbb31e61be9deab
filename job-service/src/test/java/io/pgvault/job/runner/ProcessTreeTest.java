package io.pgvault.job.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A cancel or a timeout stops the tool and everything it started, not only the tool. */
class ProcessTreeTest {

    @Test
    void killingAProcessStopsItsChildrenAndGrandchildren() throws Exception {
        // sh → sh → sleep (a grandchild), and a sleep child that ignores SIGTERM, so the SIGKILL step is needed.
        Process root = new ProcessBuilder("sh", "-c",
                "sh -c 'sleep 300; :' & (trap '' TERM; exec sleep 301) & wait").start();
        await().atMost(Duration.ofSeconds(10)).until(() -> root.descendants().count() >= 3);
        // Handles carry the start time: a recycled pid is never mistaken for one of these.
        List<ProcessHandle> tree = root.descendants().toList();

        ProcessTree.kill(root.toHandle(), Duration.ofMillis(500)).get(10, TimeUnit.SECONDS);

        assertThat(root.isAlive()).isFalse();
        // Gone once reaped (the orphans are init's to reap, not this JVM's).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(tree).as("processes of the tree still alive").noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void aProcessThatLeftItsParentIsNoLongerFoundAfterwardsSoTheTreeIsListedFirst() throws Exception {
        Process root = new ProcessBuilder("sh", "-c", "sleep 302 & wait").start();
        await().atMost(Duration.ofSeconds(10)).until(() -> root.descendants().count() >= 1);
        ProcessHandle child = root.descendants().findFirst().orElseThrow();
        try {
            root.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            // Why ProcessTree lists before it signals: the orphan now belongs to init, not to root.
            assertThat(root.descendants().toList()).doesNotContain(child);
            assertThat(child.isAlive()).isTrue();
        } finally {
            child.destroyForcibly();
        }
    }
}
