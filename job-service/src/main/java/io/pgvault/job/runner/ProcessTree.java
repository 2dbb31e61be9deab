package io.pgvault.job.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stops a child process and everything it started. The descendants are listed before anything is
 * signalled: once the parent is gone its children belong to init and are no longer its descendants,
 * so a list taken afterwards would miss exactly the ones that must die.
 */
public final class ProcessTree {

    /** How long to wait for a process to go after SIGKILL (it cannot refuse; only its reaping takes time). */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private ProcessTree() {
    }

    /**
     * SIGTERM to the whole tree (pg_dump and pg_restore then send the server a cancel request, so a
     * backend waiting on a lock stops too), SIGKILL after {@code grace} to whatever is still there.
     * Does not wait; the returned future completes once every process of the tree has exited.
     */
    public static CompletableFuture<Void> kill(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        List<CompletableFuture<ProcessHandle>> exits = tree.stream()
                .map(process -> process.onExit().orTimeout(grace.toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionallyCompose(timeout -> {
                            // Children it started after the list was taken are caught here too, if it still lives.
                            process.descendants().forEach(ProcessHandle::destroyForcibly);
                            process.destroyForcibly();
                            return process.onExit().completeOnTimeout(process, KILL_WAIT.toMillis(),
                                    TimeUnit.MILLISECONDS);
                        }))
                .toList();
        return CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
    }
}
