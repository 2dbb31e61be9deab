package io.pgvault.e2e.drills;

import io.pgvault.e2e.E2eSystem;
import io.pgvault.e2e.ServiceProcess;
import java.io.IOException;
import java.time.Duration;

/**
 * The one system the single-replica drills of a JVM share (one start-up instead of one per drill, which is
 * most of a drill's time on two cores): started by the first drill that asks, stopped when the JVM ends.
 * Each drill leaves it running (a drill that kills a service starts it again) and works on instances of
 * its own; a service found dead is started again before the next drill gets the system. job-service runs
 * four jobs at once, for the drills' waves of fifty, and reaps a job after 20 s without heartbeat.
 */
final class SharedSystem {

    private static E2eSystem system;

    private SharedSystem() {}

    static synchronized E2eSystem get() throws IOException {
        if (system == null) {
            E2eSystem started = E2eSystem.start("drills", 1, s -> s.jobService.env("PGVAULT_JOB_CONCURRENCY", "4")
                    // a heartbeat is missed for 20 s only by a dead job-service, even on two busy cores
                    .sys("pgvault.job.stale-after", "20s"));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "pgvault-drills-stop"));
            system = started;
        }
        for (ServiceProcess s : system.all()) {
            if (!s.isAlive()) {
                System.out.println("drills: " + s.name + " was not running; starting it again");
                s.start();
                s.awaitReady(Duration.ofSeconds(120));
            }
        }
        return system;
    }

    /**
     * Stops the shared system if it runs (the next drill that asks starts it again). A drill that starts a
     * system of its own stops this one first: two systems on one broker share the topics and the consumer
     * groups, so the other system's consumers would take a share of the partitions, and of the messages.
     */
    static synchronized void stop() {
        if (system != null) {
            system.close();
            system = null;
        }
    }
}
