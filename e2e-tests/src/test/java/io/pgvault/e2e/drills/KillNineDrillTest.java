package io.pgvault.e2e.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgvault.e2e.E2eSystem;
import io.pgvault.e2e.ServiceProcess;
import io.pgvault.e2e.SourceDatabases;
import io.pgvault.testinfra.PgVaultTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Drill "kill-9" (issue 11): fifty instances with small databases; a wave of backups (half the instances)
 * and restores as files (the other half) is started, and while it runs one service is killed with SIGKILL
 * and started again: job-service, then instance-service, then retention-service, one wave each. Afterwards
 * every job has ended COMPLETED, or FAILED as INTERRUPTED and a retry of it (the same request) completes;
 * none stays QUEUED or IN_PROGRESS; every accepted command has its job; and no debris is left: no partial
 * point or uncataloged point in the store, no restore directory but those of completed restores, nothing in
 * job-service's data directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillNineDrillTest {

    private static final int INSTANCES = 50;
    private static final String SOURCE_DB = "drill_kill_nine";
    private static final Duration RESTART = Duration.ofSeconds(120);
    /** The drill's restore directories start so (the restore root is shared with other drills). */
    private static final String RESTORE_PREFIX = "kill9-" + UUID.randomUUID().toString().substring(0, 8) + "-w";

    private E2eSystem system;
    private DrillApi api;
    private Catalog catalog;

    @RegisterExtension
    final TestWatcher onFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (system != null) {
                System.err.println(system.tails(40));
            }
        }
    };

    @BeforeAll
    void start() throws Exception {
        system = SharedSystem.get();
        api = new DrillApi(system);
        catalog = new Catalog(system);
        PgVaultTestResource.createDatabaseIfMissing(SOURCE_DB);
        try (Connection c = SourceDatabases.connect(SOURCE_DB); Statement s = c.createStatement()) {
            s.execute("create table if not exists t (id int primary key, note text)");
            s.execute("insert into t select g, repeat('row ' || g, 20) from generate_series(1, 2000) g on conflict do nothing");
        }
    }


    /** An accepted command: what was asked, so that a retry asks the same. */
    private record Command(String instance, String operation, String point, String directory) {}

    @Test
    void afterSigkillOfEachServiceEveryJobEndsAndARetryOfAnInterruptedOneCompletesWithNoDebrisLeft() throws Exception {
        String policy = api.createPolicy("drill-kill9-" + UUID.randomUUID().toString().substring(0, 8),
                "R/2030-01-01T00:00:00Z/PT1H");
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(api.protect("kill9-" + i, policy, SOURCE_DB));
        }
        List<String> restoring = instances.subList(INSTANCES / 2, INSTANCES);
        // the points the restores read: one backup of each restoring instance, before any kill
        Map<String, Command> seed = new LinkedHashMap<>();
        restoring.forEach(i -> seed.put(accept(api.backupNow(i, DrillApi.newKey())), new Command(i, "BACKUP", null, null)));
        Map<String, String> pointOf = new LinkedHashMap<>();
        for (int attempt = 1; attempt <= 2 && pointOf.size() < restoring.size(); attempt++) {
            if (attempt == 2) {
                // a seed that failed before any kill is a finding of its own (printed); the drill needs its point
                seed.clear();
                awaitNoActiveBackup(restoring);
                restoring.stream().filter(i -> !pointOf.containsKey(i))
                        .forEach(i -> seed.put(accept(api.backupNow(i, DrillApi.newKey())), new Command(i, "BACKUP", null, null)));
            }
            for (Map<String, Object> job : api.awaitEnded(seed.keySet(), Duration.ofMinutes(3))) {
                if ("COMPLETED".equals(job.get("status"))) {
                    pointOf.put(String.valueOf(job.get("instanceId")), String.valueOf(job.get("recoveryPointId")));
                } else {
                    System.out.println("kill-9: seed backup failed before any kill: " + job.get("id") + " " + job.get("error"));
                }
            }
        }
        assertThat(pointOf).as("a point for each restoring instance").hasSize(restoring.size());

        Map<String, Command> accepted = new LinkedHashMap<>();
        List<String> unanswered = new ArrayList<>();
        int wave = 0;
        for (ServiceProcess victim : system.services) {
            wave++;
            // one backup at a time per instance: the previous wave ends first (its interrupted jobs too), and
            // instance-service has heard so (it answers 409 to a backup it still thinks active)
            api.awaitEnded(accepted.keySet(), Duration.ofMinutes(3));
            awaitNoActiveBackup(instances);
            Map<String, Command> started = startWave(instances.subList(0, INSTANCES / 2), restoring, pointOf, wave, unanswered);
            accepted.putAll(started);
            await("a job of wave " + wave + " running").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> catalog.count(system.jobService, "select count(*) from job where status = 'IN_PROGRESS'") > 0);
            victim.kill9();
            victim.start();
            victim.awaitReady(RESTART);
        }

        List<Map<String, Object>> ended = api.awaitEnded(accepted.keySet(), Duration.ofMinutes(4));
        List<Map<String, Object>> interrupted = ended.stream().filter(j -> "INTERRUPTED".equals(errorCode(j))).toList();
        List<Map<String, Object>> otherwise = ended.stream()
                .filter(j -> !"COMPLETED".equals(j.get("status")) && !"INTERRUPTED".equals(errorCode(j))).toList();
        Map<String, Command> retries = new LinkedHashMap<>();
        for (Map<String, Object> job : interrupted) {
            Command c = accepted.get(String.valueOf(job.get("id")));
            retries.put(accept(send(c)), c);
        }
        List<Map<String, Object>> retried = api.awaitEnded(retries.keySet(), Duration.ofMinutes(3));
        long retriedOk = retried.stream().filter(j -> "COMPLETED".equals(j.get("status"))).count();
        long stuck = catalog.count(system.jobService, "select count(*) from job where status in ('QUEUED', 'IN_PROGRESS')");
        // retention-service catalogs what completed (it may have been the one restarted last): then the store is compared
        List<String> completedBackups = Stream.concat(ended.stream(), retried.stream())
                .filter(j -> "COMPLETED".equals(j.get("status")) && "BACKUP".equals(j.get("operation")))
                .map(j -> String.valueOf(j.get("id"))).toList();
        boolean cataloged = true;
        try {
            await("completed backups cataloged").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> catalog.count(system.retentionService, "select count(*) from recovery_point where job_id in ("
                            + Catalog.in(completedBackups) + ")") == completedBackups.size());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            cataloged = false;
        }
        List<String> orphans = orphans(accepted, retries, ended, retried);

        String line = new Figures("kill-9")
                .put("instances", INSTANCES)
                .put("killed", "job-service, instance-service, retention-service")
                .put("jobs", accepted.size())
                .put("completed", ended.stream().filter(j -> "COMPLETED".equals(j.get("status"))).count())
                .put("interrupted", interrupted.size())
                .put("retried ok", retriedOk + "/" + retries.size())
                .put("failed otherwise", otherwise.size())
                .put("stuck", stuck)
                .put("commands unanswered", unanswered.size())
                .put("orphans", orphans.size())
                .put("completed backups cataloged", cataloged)
                .publish();

        // what the figures count, for whoever reads a failed run
        otherwise.forEach(j -> System.out.printf("kill-9: failed otherwise: %s %s %s%n", j.get("id"), j.get("operation"),
                j.get("error")));
        unanswered.forEach(u -> System.out.println("kill-9: unanswered: " + u));
        orphans.forEach(o -> System.out.println("kill-9: orphan: " + o));
        assertThat(otherwise).as(line).isEmpty();
        assertThat(retriedOk).as(line + "\n" + retried).isEqualTo(retries.size());
        assertThat(stuck).as(line).isZero();
        assertThat(orphans).as(line).isEmpty();
        assertThat(unanswered).as(line).isEmpty();
        assertThat(cataloged).as(line).isTrue();
    }

    private void awaitNoActiveBackup(List<String> instances) {
        await("instance-service sees no active backup").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> catalog.count(system.instanceService, "select count(*) from backup_instance where"
                        + " active_backup_job_id is not null and id in (" + Catalog.in(instances) + ")") == 0);
    }

    /** Backup now on each of {@code backups}, a restore as files of its point on each of {@code restores}. */
    private Map<String, Command> startWave(List<String> backups, List<String> restores, Map<String, String> pointOf, int wave,
            List<String> unanswered) {
        Map<String, Command> started = new LinkedHashMap<>();
        List<Command> commands = new ArrayList<>();
        backups.forEach(i -> commands.add(new Command(i, "BACKUP", null, null)));
        restores.forEach(i -> commands.add(new Command(i, "RESTORE", pointOf.get(i), RESTORE_PREFIX + wave + "-" + i)));
        for (Command c : commands) {
            Response r = send(c);
            if (r.statusCode() == 202) {
                started.put(r.path("jobId"), c);
            } else {
                unanswered.add(c + ": " + r.statusCode() + " " + r.asString());
            }
        }
        return started;
    }

    private Response send(Command c) {
        if ("BACKUP".equals(c.operation())) {
            return api.backupNow(c.instance(), DrillApi.newKey());
        }
        return api.admin().contentType(ContentType.JSON).header("Idempotency-Key", DrillApi.newKey()).body("""
                {"recoveryPointId": "%s", "target": {"type": "FILES", "directory": "%s"}}""".formatted(c.point(), c.directory()))
                .post(api.instanceUrl(c.instance()) + "/restore");
    }

    private static String accept(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        return r.path("jobId");
    }

    @SuppressWarnings("unchecked")
    private static String errorCode(Map<String, Object> job) {
        Object error = job.get("error");
        return error instanceof Map<?, ?> m ? String.valueOf(((Map<String, Object>) m).get("code")) : null;
    }

    /**
     * What no job accounts for: a partial or uncataloged point in the store, a restore directory that is not
     * a completed restore's, anything left in job-service's data directory.
     */
    private List<String> orphans(Map<String, Command> accepted, Map<String, Command> retries, List<Map<String, Object>> ended,
            List<Map<String, Object>> retried) throws IOException {
        Set<String> cataloged = Set.copyOf(catalog.rows(system.retentionService,
                "select instance_id || '/' || id from recovery_point where state = 'LIVE'"));
        Set<String> ours = accepted.values().stream().map(Command::instance).collect(Collectors.toSet());
        List<String> orphans = new ArrayList<>();
        for (Path instanceDir : list(system.storeRoot).stream().filter(d -> ours.contains(d.getFileName().toString())).toList()) {
            for (Path pointDir : list(instanceDir)) {
                String name = system.storeRoot.relativize(pointDir).toString();
                if (!cataloged.contains(name)) {
                    orphans.add("store: " + name);
                }
            }
        }
        Set<String> completedRestores = Stream.concat(ended.stream(), retried.stream())
                .filter(j -> "COMPLETED".equals(j.get("status")) && "RESTORE".equals(j.get("operation")))
                .map(j -> String.valueOf(j.get("id"))).map(id -> accepted.containsKey(id) ? accepted.get(id) : retries.get(id))
                .map(Command::directory).collect(Collectors.toSet());
        for (Path dir : list(system.restoreRoot)) {
            String name = dir.getFileName().toString();
            if (name.startsWith(RESTORE_PREFIX) && !completedRestores.contains(name)) {
                orphans.add("restores: " + dir.getFileName());
            }
        }
        // job-service's own files: its data directory holds nothing once no job runs
        Path jobData = system.work.resolve("job");
        if (Files.isDirectory(jobData)) {
            try (Stream<Path> walk = Files.walk(jobData)) {
                walk.filter(Files::isRegularFile).forEach(f -> orphans.add("job data: " + jobData.relativize(f)));
            }
        }
        return orphans;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
