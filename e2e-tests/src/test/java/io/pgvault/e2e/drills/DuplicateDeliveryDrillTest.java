package io.pgvault.e2e.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgvault.contracts.Topics;
import io.pgvault.e2e.E2eSystem;
import io.pgvault.e2e.ServiceProcess;
import io.pgvault.e2e.SourceDatabases;
import io.pgvault.testinfra.PgVaultTestResource;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Drill "duplicate-delivery" (issue 11): after a run of seed actions (backups, a restore, stop with each
 * mode) has settled, every message the run put on the three topics is read back and published again,
 * with the same key, partition and CloudEvents headers, as a broker or producer retry would. Once every
 * consumer has read them, nothing a user can see has changed: jobs, points, holds, instance states, the
 * files in the store and the restore directory; no new message was caused and none went to a dead-letter topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplicateDeliveryDrillTest {

    private static final String SOURCE_DB = "drill_duplicates";
    private static final String RESTORE_DIRECTORY = "duplicates-" + UUID.randomUUID();
    /** Consumer group and the topics it reads, as the services' channel settings say. */
    private static final Map<String, List<String>> GROUPS = Map.of(
            "instance-service", List.of(Topics.JOB_EVENTS, Topics.RETENTION_EVENTS),
            "job-service", List.of(Topics.INSTANCE_COMMANDS, Topics.RETENTION_EVENTS),
            "retention-service", List.of(Topics.INSTANCE_COMMANDS, Topics.JOB_EVENTS));

    private E2eSystem system;
    private DrillApi api;
    private Catalog catalog;
    private final Map<String, Map<TopicPartition, Long>> from = new LinkedHashMap<>();

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
        // the range: what this class's system publishes (the topics are shared by every class of the JVM)
        for (String topic : Topics.ALL) {
            from.put(topic, KafkaLog.endOffsets(topic));
            from.put(Topics.dlq(topic), KafkaLog.endOffsets(Topics.dlq(topic)));
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


    @Test
    void republishingEveryMessageOfTheRunChangesNoEffect() {
        String policy = api.createPolicy("drill-dup-" + UUID.randomUUID().toString().substring(0, 8),
                "R/2030-01-01T00:00:00Z/PT1H");
        List<String> instances = new ArrayList<>();
        List<String> backups = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            names.add("dup-" + i + "-" + UUID.randomUUID().toString().substring(0, 8));
            String instance = api.protect(names.get(i), policy, SOURCE_DB);
            instances.add(instance);
            backups.add(api.backupNow(instance, DrillApi.newKey()).then().statusCode(202).extract().path("jobId"));
        }
        List<Map<String, Object>> done = api.awaitEnded(backups, Duration.ofMinutes(2));
        assertThat(done).as("backups").allMatch(j -> "COMPLETED".equals(j.get("status")));
        String point = String.valueOf(done.get(0).get("recoveryPointId"));
        await("points cataloged").atMost(Duration.ofSeconds(60)).until(() ->
                catalog.count(system.retentionService, "select count(*) from recovery_point where instance_id in ("
                        + Catalog.in(instances) + ")") == 4);
        String restore = api.admin().contentType(ContentType.JSON).body("""
                {"recoveryPointId": "%s", "target": {"type": "FILES", "directory": "%s"}}""".formatted(point, RESTORE_DIRECTORY))
                .post(api.instanceUrl(instances.get(0)) + "/restore").then().statusCode(202).extract().path("jobId");
        assertThat(api.awaitEnded(List.of(restore), Duration.ofMinutes(2)).get(0).get("status")).isEqualTo("COMPLETED");
        stop(instances.get(1), "RETAIN_FOREVER", null);
        stop(instances.get(2), "RETAIN_AS_PER_POLICY", null);
        stop(instances.get(3), "DELETE_DATA", names.get(3));
        await("the deleted instance's points purged").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> catalog.count(system.retentionService, "select count(*) from recovery_point where state = 'PURGED'"
                        + " and instance_id = '" + instances.get(3) + "'") == 1);

        Map<String, Set<String>> before = awaitSettled(instances);
        Map<String, Long> outboxBefore = outboxRows(instances);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Map<String, Integer> perTopic = new LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            List<ConsumerRecord<String, String>> range = KafkaLog.read(topic, from.get(topic));
            perTopic.put(topic, range.size());
            records.addAll(range);
        }
        KafkaLog.republish(records);
        Map<String, Set<String>> after = awaitSettled(instances);

        Map<String, Integer> changed = new LinkedHashMap<>();
        int total = 0;
        for (String kind : before.keySet()) {
            Set<String> difference = new LinkedHashSet<>(before.get(kind));
            difference.addAll(after.get(kind));
            Set<String> common = new LinkedHashSet<>(before.get(kind));
            common.retainAll(after.get(kind));
            difference.removeAll(common);
            changed.put(kind, difference.size());
            total += difference.size();
        }
        Map<String, Long> outboxAfter = outboxRows(instances);
        long caused = outboxAfter.values().stream().mapToLong(Long::longValue).sum()
                - outboxBefore.values().stream().mapToLong(Long::longValue).sum();
        long dlq = Topics.ALL.stream().mapToLong(t -> KafkaLog.read(Topics.dlq(t), from.get(Topics.dlq(t))).size()).sum();

        String line = new Figures("duplicate-delivery")
                .put("messages re-published", records.size() + " " + perTopic)
                .put("effects changed", total)
                .put("by kind", changed)
                .put("messages caused", caused)
                .put("dead-lettered", dlq)
                .publish();

        assertThat(total).as(line + "\nbefore " + before + "\nafter " + after).isZero();
        assertThat(caused).as(line).isZero();
        assertThat(dlq).as(line).isZero();
    }

    private void stop(String instance, String mode, String confirmName) {
        String confirm = confirmName == null ? "" : ", \"confirmName\": \"" + confirmName + "\"";
        api.admin().contentType(ContentType.JSON)
                .body("{\"mode\": \"" + mode + "\", \"reason\": \"OTHER\", \"comments\": \"drill\"" + confirm + "}")
                .post(api.instanceUrl(instance) + "/stop-protection").then().statusCode(200);
    }

    /**
     * Waits (bounded) until nothing is in flight: every outbox relayed, every group at the end of what it
     * reads, and two looks a second apart see the same effects; answers them.
     */
    private Map<String, Set<String>> awaitSettled(List<String> instances) {
        List<Map<String, Set<String>>> last = new ArrayList<>();
        await("the system settles").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            boolean relayed = system.services.stream().allMatch(s ->
                    catalog.count(s, "select count(*) from outbox where sent_at is null") == 0);
            GROUPS.forEach((group, topics) -> topics.forEach(t -> KafkaLog.awaitConsumed(group, t, Duration.ofSeconds(60))));
            Map<String, Set<String>> now = effects(instances);
            boolean same = !last.isEmpty() && last.get(last.size() - 1).equals(now);
            last.add(now);
            return relayed && same;
        });
        return last.get(last.size() - 1);
    }

    /** What a user sees of the drill's instances (the system is shared with other drills). */
    private Map<String, Set<String>> effects(List<String> instances) {
        Map<String, Set<String>> effects = new LinkedHashMap<>();
        effects.put("jobs", new LinkedHashSet<>(catalog.jobs(instances)));
        effects.put("points", new LinkedHashSet<>(catalog.points(instances)));
        effects.put("holds", new LinkedHashSet<>(catalog.holds(instances)));
        effects.put("instances", new LinkedHashSet<>(catalog.instances(instances)));
        Set<String> stored = new java.util.TreeSet<>();
        instances.forEach(i -> stored.addAll(files(system.storeRoot.resolve(i))));
        effects.put("store files", stored);
        effects.put("restored files", files(system.restoreRoot.resolve(RESTORE_DIRECTORY)));
        return effects;
    }

    /** Messages about the drill's instances (keyed by instance id) each service has written to its outbox. */
    private Map<String, Long> outboxRows(List<String> instances) {
        Map<String, Long> rows = new HashMap<>();
        for (ServiceProcess s : system.services) {
            rows.put(s.name, catalog.count(s, "select count(*) from outbox where message_key in (" + Catalog.in(instances) + ")"));
        }
        return rows;
    }

    private static Set<String> files(Path root) {
        if (!Files.exists(root)) {
            return Set.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p) + " " + size(p))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
