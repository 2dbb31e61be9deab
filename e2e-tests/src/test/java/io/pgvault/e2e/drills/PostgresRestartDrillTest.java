package io.pgvault.e2e.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgvault.contracts.Topics;
import io.pgvault.e2e.E2eSystem;
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
 * one point; a second backup of each is started. While they complete, the consumers' databases
 * (retention-service's, instance-service's) go away for ten seconds, so their JobSucceeded are handled
 * while PostgreSQL is not there; then, while the sweep deletes the first points (which the new ones free
 * from the floor), the whole PostgreSQL server stops (every session ended), for ten seconds. No message goes to
 * a dead-letter topic, and no point is lost: every completed backup is cataloged, every live point has its
 * files, and the sweep finishes its work.
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

        // 1. during message handling: the consumers' databases go away while job-service completes backups and
        // publishes their JobSucceeded (each service owns its database; here they share one server, so the
        // outage of their server is the outage of their databases)
        List<String> second = backups(instances);
        jobs.addAll(second);
        await("second backups running").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> catalog.count(system.jobService, "select count(*) from job where status <> 'QUEUED' and id in ("
                        + ids(second) + ")") >= 1);
        List<String> consumers = List.of(system.databaseOf(system.retentionService), system.databaseOf(system.instanceService));
        cut(consumers, false);
        try {
            await("backups completed while their consumers' databases are away").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200)).until(() -> catalog.count(system.jobService,
                            "select count(*) from job where status = 'COMPLETED' and id in (" + ids(second) + ")") >= 2);
            // the outage itself: the databases stay away this long, whatever the services do meanwhile
            LockSupport.parkNanos(OUTAGE.toNanos());
        } finally {
            cut(consumers, true);
        }
        api.awaitEnded(second, Duration.ofMinutes(2));

        // 2. during a sweep: the whole server stops (fast shutdown) while the first points, which the second
        // ones free from the floor, are being swept
        try {
            await("the sweep starts on the first points").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> catalog.count(system.retentionService, "select count(*) from recovery_point where state <> 'LIVE'"
                            + " and instance_id in (" + in + ")") >= 1);
        } catch (ConditionTimeoutException e) {
            // no second point cataloged (their JobSucceeded lost in step 1): the figures below say so
            System.out.println("postgres-restart: the sweep had nothing to delete before the server stopped");
        }
        TestInfra.stopPostgres();
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
                .put("outages", "consumers' databases " + OUTAGE.toSeconds() + " s, whole server " + OUTAGE.toSeconds() + " s")
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

    /**
     * Takes {@code databases} away (no new connection, every session ended), as their server's crash would for
     * the services using them, or gives them back.
     */
    private static void cut(List<String> databases, boolean back) throws SQLException {
        try (Connection c = SourceDatabases.connect("postgres"); Statement s = c.createStatement()) {
            for (String db : databases) {
                s.execute("alter database " + SourceDatabases.quote(db) + " allow_connections " + back);
                if (!back) {
                    s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + db + "'");
                }
            }
        }
    }

    private static String ids(List<String> ids) {
        return ids.isEmpty() ? "null" : ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
    }
}
