package io.pgvault.e2e.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgvault.contracts.Topics;
import io.pgvault.e2e.E2eSystem;
import io.pgvault.e2e.ServiceProcess;
import io.pgvault.e2e.SourceDatabases;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Drill "postgres-restart" (issue 11): ten instances whose points expire five seconds after birth each have
 * one point; a second backup of each runs while the consumers (retention-service, instance-service) are
 * frozen (SIGSTOP), so the JobSucceeded of all ten wait on the topic; then the PostgreSQL server stops
 * (every session ended), the consumers go on, and for ten seconds they handle those messages, and the
 * sweep runs, without PostgreSQL. No message goes to a dead-letter topic, and no point is lost: every
 * completed backup is cataloged, every live point has its files, and the sweep ends with one live point
 * per instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRestartDrillTest {

    private static final int INSTANCES = 10;
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final String SOURCE_DB = "drill_pg_restart";

    private E2eSystem system;
    private DrillApi api;
    private Catalog catalog;
    private final Map<String, Map<TopicPartition, Long>> dlqFrom = new LinkedHashMap<>();

    @RegisterExtension
    final TestWatcher onFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (system != null) {
                System.err.println(system.tails(60));
            }
        }
    };

    @BeforeAll
    void start() throws Exception {
        TestInfra.ensureStarted();
        for (String topic : Topics.ALL) {
            dlqFrom.put(Topics.dlq(topic), KafkaLog.endOffsets(Topics.dlq(topic)));
        }
        system = SharedSystem.get();
        api = new DrillApi(system);
        catalog = new Catalog(system);
        PgVaultTestResource.createDatabaseIfMissing(SOURCE_DB);
        try (Connection c = SourceDatabases.connect(SOURCE_DB); Statement s = c.createStatement()) {
            s.execute("create table if not exists t (id int primary key, note text)");
            s.execute("insert into t select g, 'row ' || g from generate_series(1, 200) g on conflict do nothing");
        }
    }

    @AfterAll
    void stop() throws Exception {
        // whatever happened, the next class of this JVM gets its server
        try (Connection c = SourceDatabases.connect("postgres")) {
            c.isValid(5);
        } catch (SQLException down) {
            TestInfra.startPostgres();
        }
    }

    @Test
    void aPostgresRestartWhileMessagesAreHandledAndTheSweepRunsDeadLettersNothingAndLosesNoPoint() throws Exception {
        String policy = api.createPolicy("drill-pg-" + UUID.randomUUID().toString().substring(0, 8),
                "R/2030-01-01T00:00:00Z/PT1H", "PT5S");
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(api.protect("pg-restart-" + i, policy, SOURCE_DB));
        }
        String in = ids(instances);
        List<String> jobs = new ArrayList<>(backups(instances));
        assertThat(api.awaitEnded(jobs, Duration.ofMinutes(2))).allMatch(j -> "COMPLETED".equals(j.get("status")));
        awaitCataloged(jobs);

        // the consumers (retention-service, instance-service) are frozen while the second backups complete, so
        // their JobSucceeded wait on the topic; the server stops; the consumers go on and handle them while
        // PostgreSQL is away, and the sweep (the second points free the first from the floor) runs into it too
        List<String> second = backups(instances);
        jobs.addAll(second);
        List<ServiceProcess> consumers = List.of(system.retentionService, system.instanceService);
        for (ServiceProcess c : consumers) {
            c.pause();
        }
        try {
            await("second backups completed").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> catalog.count(system.jobService, "select count(*) from job where status in"
                            + " ('COMPLETED', 'FAILED') and id in (" + ids(second) + ")") == second.size());
            TestInfra.stopPostgres();
        } finally {
            for (ServiceProcess c : consumers) {
                c.resume();
            }
        }
        // the outage itself: the server stays away this long, whatever the services do meanwhile
        LockSupport.parkNanos(OUTAGE.toNanos());
        TestInfra.startPostgres();

        List<Map<String, Object>> ended = api.awaitEnded(jobs, Duration.ofMinutes(2));
        List<String> completed = ended.stream().filter(j -> "COMPLETED".equals(j.get("status")))
                .map(j -> String.valueOf(j.get("id"))).toList();
        long failedByOutage = ended.size() - completed.size();
        // every completed backup's point is cataloged (one whose JobSucceeded was lost never is), and the sweep
        // leaves one live point per instance: the newest (the floor)
        boolean settled;
        try {
            await("the system settles").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    catalog.count(system.retentionService, "select count(*) from recovery_point where job_id in ("
                            + ids(completed) + ")") == completed.size()
                            && catalog.count(system.retentionService, "select count(*) from recovery_point where state = 'LIVE'"
                            + " and instance_id in (" + in + ")") == INSTANCES);
            settled = true;
        } catch (ConditionTimeoutException e) {
            settled = false;
        }
        long uncataloged = completed.size() - catalog.count(system.retentionService,
                "select count(*) from recovery_point where job_id in (" + ids(completed) + ")");
        List<String> live = catalog.rows(system.retentionService, "select instance_id || '/' || id from recovery_point"
                + " where state = 'LIVE' and instance_id in (" + in + ")");
        List<String> withoutFiles = live.stream().filter(p -> !Files.isDirectory(system.storeRoot.resolve(p))).toList();
        withoutFiles.forEach(p -> System.out.println("postgres-restart: live point without files: " + p));
        long liveWithoutFiles = withoutFiles.size();
        long dlq = dlqFrom.entrySet().stream().mapToLong(e -> KafkaLog.read(e.getKey(), e.getValue()).size()).sum();
        long instancesWithoutPoint = INSTANCES - catalog.count(system.retentionService,
                "select count(distinct instance_id) from recovery_point where state = 'LIVE' and instance_id in (" + in + ")");

        String line = new Figures("postgres-restart")
                .put("outage", OUTAGE.toSeconds() + " s, while 10 JobSucceeded are handled and the sweep runs")
                .put("backups", jobs.size())
                .put("completed", completed.size())
                .put("failed by the outage", failedByOutage)
                .put("messages DLQ'd", dlq)
                .put("points lost", uncataloged + liveWithoutFiles)
                .put("instances left without a point", instancesWithoutPoint)
                .put("settled", settled)
                .publish();

        assertThat(dlq).as(line).isZero();
        assertThat(uncataloged + liveWithoutFiles).as(line).isZero();
        assertThat(instancesWithoutPoint).as(line).isZero();
        assertThat(settled).as(line).isTrue();
    }

    private List<String> backups(List<String> instances) {
        List<String> jobs = new ArrayList<>();
        instances.forEach(i -> jobs.add(api.backupNow(i, DrillApi.newKey()).then().statusCode(202).extract().path("jobId")));
        return jobs;
    }

    private void awaitCataloged(List<String> jobs) {
        await("points cataloged").atMost(Duration.ofSeconds(60)).until(() -> catalog.count(system.retentionService,
                "select count(*) from recovery_point where job_id in (" + ids(jobs) + ")") == jobs.size());
    }

    private static String ids(List<String> ids) {
        return ids.isEmpty() ? "null" : ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
    }
}
