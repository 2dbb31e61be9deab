package io.pgvault.e2e.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgvault.contracts.CloudEventHeaders;
import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.job.JobStarted;
import io.pgvault.e2e.E2eSystem;
import io.pgvault.e2e.SourceDatabases;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.restassured.response.Response;
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
 * Drill "kafka-down" (issue 11): the broker process is stopped for 60 s while users keep pressing "backup
 * now" on a dozen instances, each command sent twice with the same {@code Idempotency-Key} (a client's
 * retry); then the broker comes back. Every command instance-service accepted (202) takes effect exactly
 * once: its job completes and leaves one cataloged point; none is lost, none runs twice, and no answer is
 * a 5xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaDownDrillTest {

    private static final int INSTANCES = 12;
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    /** The API keeps being called this long after the broker is back. */
    private static final Duration AFTER = Duration.ofSeconds(5);
    /** One round of calls (one per instance) every this long: a steady stream of users, not a flood. */
    private static final Duration ROUND = Duration.ofSeconds(2);
    private static final String SOURCE_DB = "drill_kafka_down";

    private E2eSystem system;
    private DrillApi api;
    private Catalog catalog;

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
    void stop() {
        TestInfra.startKafkaAgain(); // whatever happened, the next class of this JVM gets its broker
    }

    @Test
    void everyCommandAcceptedWhileTheBrokerIsDownTakesEffectExactlyOnceAfterItReturns() {
        String policy = api.createPolicy("drill-kafka-" + UUID.randomUUID().toString().substring(0, 8),
                "R/2030-01-01T00:00:00Z/PT1H");
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(api.protect("kafka-down-" + i, policy, SOURCE_DB));
        }
        // the whole path works before the outage (consumers have joined their groups)
        String warmUp = api.backupNow(instances.get(0), DrillApi.newKey()).then().statusCode(202).extract().path("jobId");
        assertThat(api.awaitEnded(List.of(warmUp), Duration.ofSeconds(90)).get(0).get("status")).isEqualTo("COMPLETED");
        Map<TopicPartition, Long> jobEventsFrom = KafkaLog.endOffsets(Topics.JOB_EVENTS);

        Calls calls = new Calls();
        long t0 = System.nanoTime();
        TestInfra.stopKafka();
        long stopped = System.nanoTime();
        calls.during(instances, OUTAGE);
        TestInfra.startKafkaAgain();
        double outage = (System.nanoTime() - stopped) / 1e9;
        calls.during(instances, AFTER);

        List<Map<String, Object>> ended = api.awaitEnded(calls.accepted.keySet(), Duration.ofMinutes(4));
        double drained = (System.nanoTime() - t0) / 1e9 - outage - AFTER.toSeconds();
        // each completed backup's point reaches the catalog through job-events
        await("every accepted backup's point cataloged").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> pointsPerJob().keySet().containsAll(calls.accepted.keySet()));
        Map<String, Long> points = pointsPerJob();
        Map<String, Long> starts = startsPerJob(jobEventsFrom);
        long completed = ended.stream().filter(j -> "COMPLETED".equals(j.get("status"))).count();
        long effects = calls.accepted.keySet().stream().filter(points::containsKey).count();
        long duplicates = calls.accepted.keySet().stream()
                .mapToLong(id -> Math.max(0, points.getOrDefault(id, 0L) - 1) + Math.max(0, starts.getOrDefault(id, 0L) - 1))
                .sum() + unexpectedJobs(instances, calls, warmUp);
        long lost = calls.accepted.size() - effects;

        String line = new Figures("kafka-down")
                .put("outage", String.format("%.0f s", outage))
                .put("commands sent", calls.sent)
                .put("accepted", calls.accepted.size())
                .put("refused 409 (backup active)", calls.conflicts)
                .put("retries answered the same", calls.sameAnswer)
                .put("accepted on the retry", calls.acceptedOnRetry)
                .put("5xx", calls.serverErrors.size())
                .put("effects observed", effects)
                .put("completed", completed)
                .put("duplicates", duplicates)
                .put("lost", lost)
                .put("drained after outage", String.format("%.0f s", Math.max(0, drained)))
                .publish();

        assertThat(calls.serverErrors).as(line).isEmpty();
        assertThat(calls.differentAnswers).as("a retry with the same Idempotency-Key answered otherwise").isEmpty();
        // an instance whose backup was still running when the broker stopped stays busy (409) until it returns,
        // so not every instance gets a command accepted during the outage; the drill needs some that were
        assertThat(calls.accepted.size()).as("commands accepted while the broker was down").isPositive();
        assertThat(completed).as(line + "\n" + ended).isEqualTo(calls.accepted.size());
        assertThat(duplicates).as(line).isZero();
        assertThat(lost).as(line).isZero();
    }

    /** Recovery points per job id, from retention-service's catalog. */
    private Map<String, Long> pointsPerJob() {
        return catalog.rows(system.retentionService, "select job_id, count(*) from recovery_point group by job_id").stream()
                .map(r -> r.split("\\|")).collect(Collectors.toMap(r -> r[0], r -> Long.parseLong(r[1])));
    }

    /**
     * Distinct JobStarted events per job id published since {@code from}: a job that ran twice starts twice, with
     * two event ids. The same event on the topic twice (a send whose acknowledgement the outage swallowed, sent
     * again: at least once) is one start; the inboxes take it once.
     */
    private Map<String, Long> startsPerJob(Map<TopicPartition, Long> from) {
        String type = EventTypes.typeOf(JobStarted.class);
        Map<String, java.util.Set<String>> ids = KafkaLog.read(Topics.JOB_EVENTS, from).stream()
                .filter(r -> type.equals(KafkaLog.header(r, CloudEventHeaders.TYPE)))
                .collect(Collectors.groupingBy(r -> io.restassured.path.json.JsonPath.from(r.value()).getString("jobId"),
                        Collectors.mapping(r -> String.valueOf(KafkaLog.header(r, CloudEventHeaders.ID)), Collectors.toSet())));
        return ids.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue().size()));
    }

    /** Backup jobs of the drill's instances that no accepted command asked for (a command that took effect twice). */
    private long unexpectedJobs(List<String> instances, Calls calls, String warmUp) {
        String in = instances.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        return catalog.rows(system.jobService, "select id from job where operation = 'BACKUP' and instance_id in (" + in + ")")
                .stream().filter(id -> !calls.accepted.containsKey(id) && !id.equals(warmUp)).count();
    }

    /** The users' calls: backup now on each instance, every command sent twice with one key. */
    private final class Calls {
        final Map<String, String> accepted = new LinkedHashMap<>();
        final List<String> serverErrors = new ArrayList<>();
        final List<String> differentAnswers = new ArrayList<>();
        int sent;
        int conflicts;
        int sameAnswer;
        int acceptedOnRetry;

        void during(List<String> instances, Duration length) {
            long end = System.nanoTime() + length.toNanos();
            while (System.nanoTime() < end) {
                long round = System.nanoTime();
                for (String instance : instances) {
                    String key = DrillApi.newKey();
                    Response first = call(instance, key);
                    Response retry = call(instance, key);
                    if (first.statusCode() != 202 && retry.statusCode() == 202) {
                        // refused while the instance was busy, then accepted: a refusal is not kept under the key,
                        // and the instance was free by the retry
                        accepted.put(retry.path("jobId"), instance);
                        acceptedOnRetry++;
                    } else if (first.statusCode() == 202) {
                        String job = first.path("jobId");
                        accepted.put(job, instance);
                        if (retry.statusCode() == 202 && job.equals(retry.path("jobId"))) {
                            sameAnswer++;
                        } else {
                            differentAnswers.add(instance + ": " + first.asString() + " then " + retry.statusCode() + " "
                                    + retry.asString());
                        }
                    } else if (first.statusCode() == 409) {
                        conflicts++;
                    }
                }
                // pacing of the load, not synchronisation: the next round of users comes ROUND later
                LockSupport.parkNanos(Math.max(0, ROUND.toNanos() - (System.nanoTime() - round)));
            }
        }

        private Response call(String instance, String key) {
            Response r = api.backupNow(instance, key);
            sent++;
            if (r.statusCode() >= 500) {
                serverErrors.add(instance + ": " + r.statusCode() + " " + r.asString());
            }
            return r;
        }
    }
}
