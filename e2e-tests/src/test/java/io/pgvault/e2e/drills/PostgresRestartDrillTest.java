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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Drill "postgres-restart" (issue 11): ten instances whose points expire five seconds after birth each have
 * one point; a second backup of each is started, and as the first of them complete (their JobSucceeded being
 * handled by retention-service and instance-service, and the sweep deleting the first points, which the new
 * ones free from the floor) the PostgreSQL server is stopped as a crash would stop it, for ten seconds,
 * then started again. No message goes to a dead-letter topic, and no point is lost: every completed backup
 * is cataloged, every live point has its files, and the sweep finishes its work.
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
        system = E2eSystem.start("drill-pg-restart");
        api = new DrillApi(system);
        catalog = new Catalog(system);
        PgVaultTestResource.createDatabaseIfMissing(SOURCE_DB);
        try (Connection c = SourceDatabases.connect(SOURCE_DB); Statement s = c.createStatement()) {
            s.execute("create table if not exists t (id int primary key, note text)");
            s.execute("insert into t select g, 'row ' || g from generate_series(1, 200) g on conflict do nothing");
        }
    }

    @AfterAll
    void stop() {
        TestInfra.startPostgresAgain(); // whatever happened, the next class of this JVM gets its server
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aPostgresRestartWhileMessagesAreHandledAndTheSweepRunsDeadLettersNothingAndLosesNoPoint() {
        String policy = api.createPolicy("drill-pg-" + UUID.randomUUID().toString().substring(0, 8),
                "R/2030-01-01T00:00:00Z/PT1H", "PT5S");
        List<String> instances = new ArrayList<>();
        List<String> first = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            String instance = api.protect("pg-restart-" + i, policy, SOURCE_DB);
            instances.add(instance);
            first.add(api.backupNow(instance, DrillApi.newKey()).then().statusCode(202).extract().path("jobId"));
        }
        assertThat(api.awaitEnded(first, Duration.ofMinutes(2))).allMatch(j -> "COMPLETED".equals(j.get("status")));
        String in = instances.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        await("first points cataloged").atMost(Duration.ofSeconds(60)).until(() -> catalog.count(system.retentionService,
                "select count(*) from recovery_point where instance_id in (" + in + ")") == INSTANCES);

        List<String> second = new ArrayList<>();
        instances.forEach(i -> second.add(api.backupNow(i, DrillApi.newKey()).then().statusCode(202).extract().path("jobId")));
        // the moment messages are in flight: the first of the second backups have completed
        await("second backups completing").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> catalog.count(system.jobService, "select count(*) from job where status = 'COMPLETED' and id in ("
                        + second.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")") >= 2);
        TestInfra.stopPostgres();
        // the outage itself: the server stays away this long, whatever the services do meanwhile
        LockSupport.parkNanos(OUTAGE.toNanos());
        TestInfra.startPostgresAgain();

        List<Map<String, Object>> ended = api.awaitEnded(second, Duration.ofMinutes(3));
        List<String> completed = ended.stream().filter(j -> "COMPLETED".equals(j.get("status")))
                .map(j -> String.valueOf(j.get("id"))).toList();
        long failedByOutage = ended.size() - completed.size();
        String completedIn = completed.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        // the second points are cataloged (a lost JobSucceeded never is); the first ones are swept, but for the
        // instances whose second backup failed (the floor keeps their one good point)
        await("the system settles").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                (completed.isEmpty() || catalog.count(system.retentionService, "select count(*) from recovery_point where job_id in ("
                        + completedIn + ")") == completed.size())
                        && catalog.count(system.retentionService, "select count(*) from recovery_point where state = 'LIVE'"
                        + " and job_id in (" + first.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")")
                        == failedByOutage);
        long uncataloged = completed.isEmpty() ? 0 : completed.size() - catalog.count(system.retentionService,
                "select count(*) from recovery_point where job_id in (" + completedIn + ")");
        List<String> live = catalog.rows(system.retentionService, "select instance_id || '/' || id from recovery_point"
                + " where state = 'LIVE' and instance_id in (" + in + ")");
        long liveWithoutFiles = live.stream().filter(p -> !Files.isDirectory(system.storeRoot.resolve(p))).count();
        long dlq = dlqFrom.entrySet().stream().mapToLong(e -> KafkaLog.read(e.getKey(), e.getValue()).size()).sum();
        long instancesWithoutPoint = instances.size() - catalog.count(system.retentionService,
                "select count(distinct instance_id) from recovery_point where state = 'LIVE' and instance_id in (" + in + ")");

        String line = new Figures("postgres-restart")
                .put("outage", OUTAGE.toSeconds() + " s")
                .put("backups during it", second.size())
                .put("completed", completed.size())
                .put("failed by the outage", failedByOutage)
                .put("messages DLQ'd", dlq)
                .put("points lost", uncataloged + liveWithoutFiles)
                .put("instances left without a point", instancesWithoutPoint)
                .publish();

        assertThat(dlq).as(line).isZero();
        assertThat(uncataloged + liveWithoutFiles).as(line).isZero();
        assertThat(instancesWithoutPoint).as(line).isZero();
    }
}
