package io.pgvault.e2e.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgvault.contracts.CloudEventHeaders;
import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.job.JobStarted;
import io.pgvault.e2e.E2eSystem;
import io.pgvault.e2e.ServiceProcess;
import io.pgvault.e2e.SourceDatabases;
import io.pgvault.testinfra.PgVaultTestResource;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Drill "two-replicas" (issue 11): two processes of every service on different ports, one database each
 * service, one broker, one store. Fifty instances (created half through each instance-service) share a
 * schedule whose first occurrence is the same second for all, about half a minute ahead. Both schedulers
 * poll every second; both job-services take jobs; both retention-services catalog. Each due time fires one
 * backup, no job runs twice, no point is cataloged twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoReplicasDrillTest {

    private static final int INSTANCES = 50;
    private static final String SOURCE_DB = "drill_two_replicas";

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
        // Alone on the broker: the single-replica drills' system would consume a share of instance-commands
        // (its job-service is in the same consumer group) and record those backups in its own database.
        SharedSystem.stop();
        system = E2eSystem.start("drill-two-replicas", 2, s -> { });
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
        if (system != null) {
            system.close();
        }
    }

    @Test
    void eachDueTimeFiresOneBackupAndNothingRunsOrIsCatalogedTwice() {
        Map<TopicPartition, Long> jobEventsFrom = KafkaLog.endOffsets(Topics.JOB_EVENTS);
        ServiceProcess secondInstanceService = system.replicas.stream()
                .filter(r -> r.name.equals(system.instanceService.name)).findFirst().orElseThrow();
        // the same second for all fifty, with time to create them first
        Instant due = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        String policy = api.createPolicy("drill-replicas-" + UUID.randomUUID().toString().substring(0, 8),
                "R/" + due + "/PT1H");
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            DrillApi via = i % 2 == 0 ? api : api.via(secondInstanceService);
            instances.add(via.protect("replicas-" + i, policy, SOURCE_DB));
        }
        assertThat(Instant.now()).as("all instances created before their first due time").isBefore(due);
        String in = instances.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));

        await("a scheduled backup of each instance ends").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> catalog.count(system.jobService, "select count(*) from job where trigger = 'SCHEDULED'"
                        + " and status in ('COMPLETED', 'FAILED', 'CANCELLED') and instance_id in (" + in + ")") >= INSTANCES);
        await("each completed backup cataloged").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> catalog.count(system.retentionService, "select count(distinct job_id) from recovery_point"
                        + " where instance_id in (" + in + ")") >= completed(in));

        long dueTimes = catalog.count(system.instanceService, "select count(*) from backup_instance where id in (" + in + ")"
                + " and next_due_at = '" + due.plus(Duration.ofHours(1)) + "'");
        long fired = catalog.count(system.instanceService, "select count(*) from instance_activity where action = "
                + "'SCHEDULED_BACKUP' and instance_id in (" + in + ")");
        long skipped = catalog.count(system.instanceService, "select count(*) from instance_activity where action = "
                + "'SCHEDULED_BACKUP_SKIPPED' and instance_id in (" + in + ")");
        long backups = catalog.count(system.jobService, "select count(*) from job where trigger = 'SCHEDULED'"
                + " and instance_id in (" + in + ")");
        long completed = completed(in);
        long instancesWithTwo = catalog.count(system.jobService, "select count(*) from (select instance_id from job"
                + " where trigger = 'SCHEDULED' and instance_id in (" + in + ") group by instance_id having count(*) > 1) x");
        String type = EventTypes.typeOf(JobStarted.class);
        Map<String, Long> starts = KafkaLog.read(Topics.JOB_EVENTS, jobEventsFrom).stream()
                .filter(r -> type.equals(KafkaLog.header(r, CloudEventHeaders.TYPE)))
                .map(ConsumerRecord::value).map(v -> JsonPath.from(v).getString("jobId"))
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        long runTwice = starts.values().stream().filter(n -> n > 1).count();
        long catalogedTwice = catalog.count(system.retentionService, "select count(*) - count(distinct job_id)"
                + " from recovery_point where instance_id in (" + in + ")");

        // which replica ran them, where job-service records its owner (issue 11's claim with the owning replica)
        boolean owned = catalog.count(system.jobService, "select count(*) from information_schema.columns"
                + " where table_name = 'job' and column_name = 'owner'") > 0;
        Object perReplica = owned ? catalog.rows(system.jobService, "select count(*) from job where trigger = 'SCHEDULED'"
                + " and instance_id in (" + in + ") group by owner order by 1") : "not recorded";

        String line = new Figures("two-replicas")
                .put("replicas", "2 of each service")
                .put("instances", INSTANCES)
                .put("due times", INSTANCES)
                .put("due times consumed", dueTimes)
                .put("fired", fired)
                .put("backups run", backups)
                .put("jobs per job-service replica", perReplica)
                .put("completed", completed)
                .put("skipped as still running", skipped)
                .put("instances backed up twice", instancesWithTwo)
                .put("jobs run twice", runTwice)
                .put("points cataloged twice", catalogedTwice)
                .publish();

        assertThat(dueTimes).as(line).isEqualTo(INSTANCES);
        assertThat(backups).as(line).isEqualTo(INSTANCES);
        assertThat(fired).as(line).isEqualTo(INSTANCES);
        assertThat(completed).as(line + "\n" + catalog.rows(system.jobService, "select id, status, error_code, error_message"
                + " from job where status <> 'COMPLETED'")).isEqualTo(INSTANCES);
        assertThat(instancesWithTwo).as(line).isZero();
        assertThat(runTwice).as(line + " " + starts).isZero();
        assertThat(catalogedTwice).as(line).isZero();
    }

    private long completed(String in) {
        return catalog.count(system.jobService, "select count(*) from job where trigger = 'SCHEDULED'"
                + " and status = 'COMPLETED' and instance_id in (" + in + ")");
    }
}
