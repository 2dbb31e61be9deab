package io.pgvault.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgvault.testinfra.TestInfra;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The seed, end to end (issue 6): the three packaged services run as separate processes against one
 * PostgreSQL server and one Kafka broker; a source server's databases with real data are protected,
 * backed up, restored and let go through the public REST APIs only, as a user would.
 *
 * <p>Steps 1 to 11 are one story on one protected server and run as one test, numbered in the order they
 * run; deleting an instance (a second one) and killing job-service mid-backup are tests of their own.
 * Service logs: {@code target/e2e-seed-<random>/<svc>.log}, their tails are printed when a test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedEndToEndTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final String PGBENCH_DB = "e2e_pgbench";
    private static final String MIXED_DB = "Sales-DB 2026";
    private static final Duration SHORT_RETENTION = Duration.ofSeconds(20);
    private static final Duration LONG_RETENTION = Duration.ofMinutes(30);

    private ServiceProcess instanceService;
    private ServiceProcess jobService;
    private ServiceProcess retentionService;
    private E2eSystem system;
    private final List<ServiceProcess> services = new ArrayList<>();
    private Path storeRoot;
    private Path restoreRoot;
    private Path secretsDir;

    // The story's state, step to step.
    private String policyId;
    private String shorterPolicyId;
    private String instanceId;
    private Instant scheduledAt;
    private String firstPointId;
    private Instant firstPointExpiry;

    @RegisterExtension
    final TestWatcher onFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (ServiceProcess s : services) {
                System.err.println("\n======== " + s.name + " (last 60 lines of " + s.log + ") ========\n" + s.tail(60));
            }
        }
    };

    @BeforeAll
    void startEverything() throws Exception {
        Instant t0 = Instant.now();
        Path target = Path.of(System.getProperty("pgvault.e2e.target", "target")).toAbsolutePath();
        Files.createDirectories(target);
        TestInfra.ensureStarted();
        SourceDatabases.pgbench(PGBENCH_DB, target.resolve("pgbench.log"));
        SourceDatabases.mixed(MIXED_DB);
        system = E2eSystem.start("seed");
        instanceService = system.instanceService;
        jobService = system.jobService;
        retentionService = system.retentionService;
        services.addAll(system.services);
        // The store is the test S3 server: its filesystem backend keeps each object as a file.
        storeRoot = system.s3Root;
        restoreRoot = system.restoreRoot;
        secretsDir = system.secrets;
        // signed in: every request of this test sends the admin's bearer token
        RestAssured.filters(system.identity.asAdmin());
        System.out.printf("e2e: infrastructure, source data and three services up in %d s%n",
                Duration.between(t0, Instant.now()).toSeconds());
    }

    @AfterAll
    void stopServices() {
        RestAssured.reset();
        if (system != null) {
            system.close();
        }
    }

    /**
     * Steps 1 to 11 of the seed are one user's story on one protected server: each step starts from the
     * state the previous one left, so they run as one test, in this order. The jobs list (6) comes after
     * the restores (5) so it lists both operations; the stop that keeps points as per policy (8) comes
     * before resume (9), whose clean-up of the latest point needs it, and the stop that keeps them forever
     * (10) comes last but one, the state that deleting the data (11) starts from.
     */
    @Test
    void theSeedFromProtectingAServerToDeletingItsData() throws Exception {
        step1_createAPolicy();
        step2_protectTheServer();
        step3_backupNowCompletesWithASubTaskPerDatabaseAndLeavesARecoveryPointWithAnExpiry();
        step4_theScheduledBackupFiresByItselfAtItsDueTime();
        step5_restoreIntoANewDatabaseEqualsTheSourceAndRestoreAsFilesMatchesTheManifest();
        step6_monitorJobsListsFiltersAndDetails();
        step7_changePolicyTheNextPointGetsTheNewExpiryEarlierPointsKeepTheirs();
        step8_stopRetainAsPerPolicyCleansExpiredPointsKeepsTheLatest();
        step9_resumeProtectionCleansTheLatestPointPastItsExpiryOnceANewerOneExists();
        step10_stopRetainForeverKeepsPointsPastExpiryAndRefusesBackupNow();
        step11_stopDeleteDataRemovesEveryPointAndResumeIsRefused();
    }

    // ---- 1. create a policy -----------------------------------------------------------------------

    private void step1_createAPolicy() {
        scheduledAt = Instant.now().plusSeconds(40).truncatedTo(ChronoUnit.SECONDS);
        policyId = createPolicy("e2e-half-hour", LONG_RETENTION, "R/" + scheduledAt + "/PT1H");
    }

    // ---- 2. protect the server --------------------------------------------------------------------

    private void step2_protectTheServer() {
        JsonPath instance = protect("sales-server", policyId, PGBENCH_DB, MIXED_DB);
        instanceId = instance.getString("id");
        assertThat(instance.getString("state")).isEqualTo("PROTECTION_CONFIGURED");
        assertThat(instance.getString("policy.name")).isEqualTo("e2e-half-hour");
        assertThat(Instant.parse(instance.getString("nextBackupAt"))).isEqualTo(scheduledAt);
        assertThat(instance.getList("datasource.databases")).containsExactly(PGBENCH_DB, MIXED_DB);
        assertThat(instance.getString("datasource.password")).isNull();
    }

    // ---- 3. backup now, and monitor its job to its end ----------------------------------------------

    private void step3_backupNowCompletesWithASubTaskPerDatabaseAndLeavesARecoveryPointWithAnExpiry() throws IOException {
        Response accepted = given().baseUri(instanceService.url()).post("/api/v1/backup-instances/{id}/backup", instanceId);
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
        String jobId = accepted.jsonPath().getString("jobId");
        String jobUrl = accepted.jsonPath().getString("jobUrl");
        assertThat(accepted.jsonPath().getString("status")).isEqualTo("QUEUED");
        assertThat(accepted.header("Location")).isEqualTo(jobUrl);
        assertThat(jobUrl).isEqualTo(jobService.url() + "/api/v1/jobs/" + jobId);

        Set<String> seen = new LinkedHashSet<>();
        JsonPath job = awaitJobEnd(jobUrl, seen);
        assertThat(job.getString("status")).as("job %s, statuses seen %s: %s", jobId, seen, job.prettify())
                .isEqualTo("COMPLETED");
        assertThat(seen).as("statuses polled").isSubsetOf("QUEUED", "IN_PROGRESS", "COMPLETED");
        assertThat(job.getString("operation")).isEqualTo("BACKUP");
        assertThat(job.getString("trigger")).isEqualTo("ON_DEMAND");
        assertThat(job.getString("instanceName")).isEqualTo("sales-server");
        assertThat(job.getString("policyName")).isEqualTo("e2e-half-hour");
        assertThat(Instant.parse(job.getString("startedAt"))).isBeforeOrEqualTo(Instant.parse(job.getString("finishedAt")));
        assertThat(job.getInt("percent")).isEqualTo(100);
        List<Map<String, Object>> tasks = job.getList("subTasks");
        assertThat(tasks).extracting(t -> t.get("status")).containsOnly("COMPLETED");
        assertThat(tasks).filteredOn(t -> "DATABASE".equals(t.get("kind"))).extracting(t -> t.get("database"))
                .containsExactlyInAnyOrder(PGBENCH_DB, MIXED_DB);
        assertThat(tasks).filteredOn(t -> "GLOBALS".equals(t.get("kind"))).hasSize(1);
        String pointId = job.getString("recoveryPointId");
        assertThat(pointId).isNotNull();

        // the instance shows it as its last backup and counts the point
        await("instance-service sees job " + jobId + " as its last backup").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath instance = getInstance(instanceId);
            assertThat(instance.getString("lastBackup.jobId")).isEqualTo(jobId);
            assertThat(instance.getString("lastBackup.status")).isEqualTo("COMPLETED");
            assertThat(instance.getInt("recoveryPoints")).isEqualTo(1);
            assertThat(instance.getString("activeBackupJobId")).isNull();
        });

        // retention-service has the point with an expiry from the policy, its files are in the store
        JsonPath point = awaitPoint(pointId);
        assertThat(point.getString("state")).isEqualTo("LIVE");
        assertThat(point.getString("instanceId")).isEqualTo(instanceId);
        assertThat(point.getString("jobId")).isEqualTo(jobId);
        assertThat(point.getString("policyName")).isEqualTo("e2e-half-hour");
        Instant createdAt = Instant.parse(point.getString("createdAt"));
        firstPointExpiry = Instant.parse(point.getString("expiresAt"));
        assertThat(firstPointExpiry).isCloseTo(createdAt.plus(LONG_RETENTION), within(2));
        firstPointId = pointId;
        Path dir = storeRoot.resolve(instanceId).resolve(pointId);
        assertThat(dir.resolve("manifest.json")).isRegularFile();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("file names never carry user-controlled text")
                    .allMatch(n -> n.matches("manifest\\.json|envelope\\.json|globals\\.sql(\\.zst)?"
                            + "|db-\\d+\\.(dump(\\.zst)?|database\\.sql)"));
        }
        try (Stream<Path> entries = Files.list(storeRoot.resolve(instanceId))) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("no .partial- directory left").noneMatch(n -> n.startsWith("."));
        }
    }

    // ---- 4. a scheduled backup ---------------------------------------------------------------------

    private void step4_theScheduledBackupFiresByItselfAtItsDueTime() {
        Duration untilDue = Duration.between(Instant.now(), scheduledAt);
        Map<String, Object> scheduled = await("a SCHEDULED backup job of sales-server (due " + scheduledAt + ")")
                .atMost(untilDue.plusSeconds(45)).pollInterval(Duration.ofSeconds(1))
                .until(() -> jobs("instanceId", instanceId).getList("items", Map.class).stream()
                        .filter(j -> "SCHEDULED".equals(j.get("trigger"))).findFirst().orElse(null), j -> j != null);
        assertThat(Instant.parse((String) scheduled.get("createdAt"))).isAfterOrEqualTo(scheduledAt.minusSeconds(1));
        JsonPath job = awaitJobEnd(jobService.url() + "/api/v1/jobs/" + scheduled.get("id"), new LinkedHashSet<>());
        assertThat(job.getString("status")).as(job.prettify()).isEqualTo("COMPLETED");
        await("next backup moved to the next occurrence").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Instant.parse(getInstance(instanceId).getString("nextBackupAt")))
                        .isEqualTo(scheduledAt.plus(Duration.ofHours(1))));
    }

    // ---- 5. restore: into a new database, and as files ----------------------------------------------

    private void step5_restoreIntoANewDatabaseEqualsTheSourceAndRestoreAsFilesMatchesTheManifest() throws Exception {
        String restored = "e2e_restored";
        for (String db : List.of(PGBENCH_DB, MIXED_DB)) {
            SourceDatabases.dropIfExists(restored + "_" + db);
        }
        // A restore target has a credential of its own, even on the source's server: the source's is never offered.
        writeSecret("targets/" + TestInfra.pgHost() + "_" + TestInfra.pgPort() + "_" + TestInfra.pgUser() + ".password");
        String jobUrl = restore(firstPointId, """
                {"type": "DATABASE", "host": "%s", "port": %d, "username": "%s", "database": "%s", "includeGlobals": false}"""
                .formatted(TestInfra.pgHost(), TestInfra.pgPort(), TestInfra.pgUser(), restored));
        JsonPath job = awaitJobEnd(jobUrl, new LinkedHashSet<>());
        assertThat(job.getString("status")).as(job.prettify()).isEqualTo("COMPLETED");
        assertThat(job.getString("operation")).isEqualTo("RESTORE");
        for (String db : List.of(PGBENCH_DB, MIXED_DB)) {
            Map<String, String> source = SourceDatabases.fingerprint(db);
            assertThat(source).as("source %s fingerprint", db).isNotEmpty();
            assertThat(SourceDatabases.fingerprint(restored + "_" + db)).as("restored copy of %s", db)
                    .containsExactlyEntriesOf(source);
        }
        Map<String, String> mixed = SourceDatabases.fingerprint(MIXED_DB);
        assertThat(mixed).containsKeys("table public.\"OrderLines\"", "sequence public.invoice_no", "view public.big_orders",
                "function line_total", "table public.\"Straße ✓\"", "table public.measurements_2026",
                "privileges and parent of public.customers", "privileges and parent of public.measurements_2025");
        assertThat(mixed.get("privileges and parent of public.customers")).contains("e2e_reader=r/");
        assertThat(mixed.get("privileges and parent of public.measurements_2025")).endsWith("partition of measurements");
        assertThat(mixed.get("large objects")).startsWith("1,");
        assertThat(mixed.get("database encoding/collate/ctype/owner")).startsWith("UTF8 C C ");
        assertThat(mixed.get("database privileges")).contains("e2e_reader=c/").doesNotContain("=Tc/");
        assertThat(mixed.get("database comment")).isEqualTo("sales; the 'real' one");
        assertThat(mixed.get("database settings")).isEqualTo("search_path=public, \"Sales Schema\"");

        // the restore hold was released: the point has no RESTORE hold left
        await("restore hold released").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(getPoint(firstPointId).getList("holds.kind")).doesNotContain("RESTORE"));

        String filesUrl = restore(firstPointId, """
                {"type": "FILES", "directory": "sales-files"}""");
        JsonPath files = awaitJobEnd(filesUrl, new LinkedHashSet<>());
        assertThat(files.getString("status")).as(files.prettify()).isEqualTo("COMPLETED");
        List<Map<String, Object>> artifacts = getPoint(firstPointId).getList("manifest.artifacts");
        assertThat(artifacts).extracting(a -> a.get("kind")).containsExactly("GLOBALS", "DATABASE", "DATABASE_PROPERTIES",
                "DATABASE", "DATABASE_PROPERTIES");
        Path dir = restoreRoot.resolve("sales-files");
        for (Map<String, Object> artifact : artifacts) {
            Path file = dir.resolve((String) artifact.get("name"));
            assertThat(file).as("restored file %s", artifact.get("name")).isRegularFile();
            assertThat(sha256(file)).as("SHA-256 of %s", file).isEqualTo(artifact.get("sha256"));
            assertThat(Files.size(file)).isEqualTo(((Number) artifact.get("bytes")).longValue());
        }
        assertThat(dir.resolve("manifest.json")).isRegularFile();
    }

    // ---- 6. monitor jobs: the list of backups and restores, its filters, one job's details --------------

    private void step6_monitorJobsListsFiltersAndDetails() {
        List<Map<String, Object>> recent = jobs("instanceId", instanceId).getList("items");
        assertThat(recent).extracting(j -> j.get("operation")).containsOnly("BACKUP", "RESTORE");
        assertThat(recent).hasSize(4);
        assertThat(recent).extracting(j -> (String) j.get("createdAt")).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(jobs("instanceId", instanceId, "all", "true").getList("items")).hasSize(4);
        assertThat(jobs("instanceId", instanceId, "operation", "RESTORE").getList("items", Map.class))
                .hasSize(2).allMatch(j -> "RESTORE".equals(j.get("operation")));
        assertThat(jobs("instanceId", instanceId, "operation", "BACKUP", "status", "COMPLETED").getList("items", Map.class))
                .hasSize(2).extracting(j -> j.get("trigger")).containsExactlyInAnyOrder("ON_DEMAND", "SCHEDULED");
        assertThat(jobs("instanceId", instanceId, "status", "FAILED").getList("items")).isEmpty();
        assertThat(jobs("instanceId", instanceId, "from", Instant.now().plusSeconds(3600).toString()).getList("items")).isEmpty();
        JsonPath page = jobs("instanceId", instanceId, "limit", "3");
        assertThat(page.getList("items")).hasSize(3);
        assertThat(jobs("instanceId", instanceId, "limit", "3", "cursor", page.getString("nextCursor")).getList("items")).hasSize(1);

        given().baseUri(jobService.url()).queryParam("status", "RUNNING").get("/api/v1/jobs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("status"));
        String restoreId = (String) jobs("instanceId", instanceId, "operation", "RESTORE").getList("items", Map.class).get(0).get("id");
        JsonPath details = given().baseUri(jobService.url()).get("/api/v1/jobs/{id}", restoreId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(details.getString("instanceId")).isEqualTo(instanceId);
        assertThat(details.getString("recoveryPointId")).isEqualTo(firstPointId);
        assertThat(details.getString("error")).isNull();
        given().baseUri(jobService.url()).get("/api/v1/jobs/{id}", UUID.randomUUID()).then().statusCode(404);
    }

    // ---- 7. change policy ---------------------------------------------------------------------------

    private String secondPointId;
    private String thirdPointId;

    private void step7_changePolicyTheNextPointGetsTheNewExpiryEarlierPointsKeepTheirs() {
        shorterPolicyId = createPolicy("e2e-twenty-seconds", SHORT_RETENTION, "R/2030-01-01T00:00:00Z/PT1H");
        JsonPath changed = given().baseUri(instanceService.url()).contentType(ContentType.JSON)
                .body("{\"policyId\": \"" + shorterPolicyId + "\"}")
                .post("/api/v1/backup-instances/{id}/change-policy", instanceId).then().statusCode(200).extract().jsonPath();
        assertThat(changed.getString("policy.name")).isEqualTo("e2e-twenty-seconds");
        assertThat(Instant.parse(changed.getString("nextBackupAt"))).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));

        secondPointId = backupNowAndAwaitPoint(instanceId);
        JsonPath second = getPoint(secondPointId);
        assertThat(second.getString("policyName")).isEqualTo("e2e-twenty-seconds");
        assertThat(Instant.parse(second.getString("expiresAt")))
                .isCloseTo(Instant.parse(second.getString("createdAt")).plus(SHORT_RETENTION), within(2));
        assertThat(Instant.parse(getPoint(firstPointId).getString("expiresAt"))).as("the earlier point keeps its expiry")
                .isEqualTo(firstPointExpiry);
        thirdPointId = backupNowAndAwaitPoint(instanceId);
    }

    // ---- 8. stop protection, retaining as per policy ---------------------------------------------------

    private void step8_stopRetainAsPerPolicyCleansExpiredPointsKeepsTheLatest() {
        JsonPath stopped = stop(instanceId, """
                {"mode": "RETAIN_AS_PER_POLICY", "reason": "COST", "comments": "paused by the e2e test"}""")
                .then().statusCode(200).extract().jsonPath();
        assertThat(stopped.getString("state")).isEqualTo("BACKUPS_SUSPENDED");
        assertThat(stopped.getString("nextBackupAt")).isNull();

        Instant thirdExpiry = Instant.parse(getPoint(thirdPointId).getString("expiresAt"));
        await("the expired second point is deleted by the sweep").atMost(SHORT_RETENTION.plusSeconds(30))
                .untilAsserted(() -> assertThat(getPoint(secondPointId).getString("state")).isIn("DELETED", "PURGED"));
        await("the second point's files are purged (grace PT0S)").atMost(Duration.ofSeconds(20))
                .until(() -> !pointDirectories(instanceId).contains(secondPointId));
        await("the latest point has a LATEST hold").atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(getPoint(thirdPointId).getList("holds.kind")).contains("LATEST"));
        awaitPast(thirdExpiry.plusSeconds(3));
        assertThat(getPoint(thirdPointId).getString("state")).as("latest point past its expiry").isEqualTo("LIVE");
        assertThat(getPoint(firstPointId).getString("state")).as("the half-hour point").isEqualTo("LIVE");
        assertThat(jobs("instanceId", instanceId, "operation", "BACKUP").getList("items")).as("no backups while suspended").hasSize(4);
        given().baseUri(instanceService.url()).post("/api/v1/backup-instances/{id}/backup", instanceId)
                .then().statusCode(409).body("currentState", org.hamcrest.Matchers.equalTo("BACKUPS_SUSPENDED"));
    }

    // ---- 9. resume protection ---------------------------------------------------------------------------

    private void step9_resumeProtectionCleansTheLatestPointPastItsExpiryOnceANewerOneExists() {
        JsonPath resumed = given().baseUri(instanceService.url()).post("/api/v1/backup-instances/{id}/resume-protection", instanceId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(resumed.getString("state")).isEqualTo("PROTECTION_CONFIGURED");
        assertThat(resumed.getString("nextBackupAt")).isNotNull();
        String fourth = backupNowAndAwaitPoint(instanceId);
        await("the latest point, past its original expiry, is cleaned up once a newer point exists")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(getPoint(thirdPointId).getString("state")).isIn("DELETED", "PURGED"));
        assertThat(getPoint(fourth).getString("state")).isEqualTo("LIVE");
        fourthPointId = fourth;
    }

    private String fourthPointId;

    // ---- 10. stop protection, retaining forever ----------------------------------------------------

    private void step10_stopRetainForeverKeepsPointsPastExpiryAndRefusesBackupNow() {
        Instant fourthExpiry = Instant.parse(getPoint(fourthPointId).getString("expiresAt"));
        JsonPath stopped = stop(instanceId, """
                {"mode": "RETAIN_FOREVER", "reason": "OTHER", "comments": "legal hold"}""")
                .then().statusCode(200).extract().jsonPath();
        assertThat(stopped.getString("state")).isEqualTo("PROTECTION_STOPPED");
        given().baseUri(instanceService.url()).post("/api/v1/backup-instances/{id}/backup", instanceId)
                .then().statusCode(409).contentType("application/problem+json")
                .body("currentState", org.hamcrest.Matchers.equalTo("PROTECTION_STOPPED"));
        await("RETAIN_FOREVER holds on the live points").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(getPoint(fourthPointId).getList("holds.kind")).contains("RETAIN_FOREVER"));
        awaitPast(fourthExpiry.plusSeconds(3));
        assertThat(getPoint(fourthPointId).getString("state")).isEqualTo("LIVE");
        assertThat(getPoint(firstPointId).getString("state")).isEqualTo("LIVE");
    }

    // ---- 11. stop protection, deleting the data ---------------------------------------------------------

    private void step11_stopDeleteDataRemovesEveryPointAndResumeIsRefused() {
        stop(instanceId, """
                {"mode": "DELETE_DATA", "reason": "DECOMMISSIONED", "confirmName": "sales-serve"}""")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("confirmName"));
        assertThat(getInstance(instanceId).getString("state")).isEqualTo("PROTECTION_STOPPED");

        JsonPath deleted = stop(instanceId, """
                {"mode": "DELETE_DATA", "reason": "DECOMMISSIONED", "confirmName": "sales-server"}""")
                .then().statusCode(200).extract().jsonPath();
        assertThat(deleted.getString("state")).isEqualTo("DATA_DELETED");
        await("every point of sales-server gone").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(points(instanceId, "LIVE").getInt("total")).isZero();
            assertThat(pointDirectories(instanceId)).isEmpty();
            assertThat(getInstance(instanceId).getInt("recoveryPoints")).isZero();
        });
        given().baseUri(instanceService.url()).post("/api/v1/backup-instances/{id}/resume-protection", instanceId)
                .then().statusCode(409).body("currentState", org.hamcrest.Matchers.equalTo("DATA_DELETED"));
    }

    // ---- delete a backup instance: a second one, independent of the story ---------------------------

    @Test
    void aSecondInstanceDeletedWithTheWrongNameIsRefusedWithTheRightNameItsPointsArePurged() throws IOException {
        String policy = createPolicy("e2e-second-" + UUID.randomUUID().toString().substring(0, 8), LONG_RETENTION,
                "R/2030-01-01T00:00:00Z/PT1H");
        String second = protect("bench-server", policy, PGBENCH_DB).getString("id");
        Path secret = writeSecret(second + ".password");
        String point = backupNowAndAwaitPoint(second);
        assertThat(storeRoot.resolve(second).resolve(point).resolve("manifest.json")).isRegularFile();

        given().baseUri(instanceService.url()).contentType(ContentType.JSON)
                .body("{\"confirmName\": \"bench-server \", \"reason\": \"DECOMMISSIONED\"}")
                .delete("/api/v1/backup-instances/{id}", second)
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("confirmName"));
        assertThat(getInstance(second).getString("state")).isEqualTo("PROTECTION_CONFIGURED");

        JsonPath deleting = given().baseUri(instanceService.url()).contentType(ContentType.JSON)
                .body("{\"confirmName\": \"bench-server\", \"reason\": \"MOVED_TO_ANOTHER_SOLUTION\"}")
                .delete("/api/v1/backup-instances/{id}", second).then().statusCode(202).extract().jsonPath();
        assertThat(deleting.getString("state")).isEqualTo("SOFT_DELETED");
        await("bench-server disappears after the purge").atMost(Duration.ofSeconds(45)).untilAsserted(() ->
                given().baseUri(instanceService.url()).get("/api/v1/backup-instances/{id}", second).then().statusCode(404));
        // soft-deleted at once; the files go at the next sweep once the grace period (PT0S here) has passed
        await("bench-server's point purged from the store").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(getPoint(point).getString("state")).isEqualTo("PURGED");
            assertThat(pointDirectories(second)).as("bench-server's points on disk").isEmpty();
        });
        assertThat(given().baseUri(instanceService.url()).queryParam("nameContains", "bench-server")
                .get("/api/v1/backup-instances").then().statusCode(200).extract().jsonPath().getInt("total")).isZero();
        // job-service removed the instance's secret file when retention-service reported the purge
        await("bench-server's secret file removed").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(secret).doesNotExist());
    }

    /** Writes the test server's password (0600) into job-service's secrets directory, as {@code relative}. */
    private Path writeSecret(String relative) throws IOException {
        Path file = secretsDir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, (TestInfra.pgPassword() == null ? "" : TestInfra.pgPassword()) + "\n");
    }

    // ---- job-service killed during a backup, independent of the story ------------------------------

    @Test
    void jobServiceKilledDuringABackupFailsItAsInterruptedLeavesNoPartialPointAndTheNextBackupSucceeds()
            throws Exception {
        String policy = createPolicy("e2e-crash-" + UUID.randomUUID().toString().substring(0, 8), LONG_RETENTION,
                "R/2030-01-01T00:00:00Z/PT1H");
        String crash = protect("crash-server", policy, PGBENCH_DB).getString("id");

        // An exclusive lock held by another session makes pg_dump wait on that table: the backup is
        // caught mid-way, deterministically, with its partial point on disk.
        String jobUrl;
        String jobId;
        try (java.sql.Connection lock = java.sql.DriverManager.getConnection(TestInfra.jdbcUrl(PGBENCH_DB),
                TestInfra.pgUser(), TestInfra.pgPassword())) {
            lock.setAutoCommit(false);
            try (java.sql.Statement st = lock.createStatement()) {
                st.execute("lock table pgbench_accounts in access exclusive mode");
            }
            Response accepted = given().baseUri(instanceService.url()).post("/api/v1/backup-instances/{id}/backup", crash);
            assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
            jobUrl = accepted.jsonPath().getString("jobUrl");
            jobId = accepted.jsonPath().getString("jobId");
            await("the backup's pg_dump of " + PGBENCH_DB + " in progress").atMost(JOB_TIMEOUT)
                    .pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                        Response r = given().get(jobUrl);
                        assertThat(r.statusCode()).isEqualTo(200);
                        List<Map<String, Object>> tasks = r.jsonPath().getList("subTasks");
                        assertThat(tasks).filteredOn(t -> PGBENCH_DB.equals(t.get("database")))
                                .extracting(t -> t.get("status")).containsExactly("IN_PROGRESS");
                    });
            // The point being written: its first artifact is in the bucket, its manifest is not.
            assertThat(pointDirectories(crash)).as("the partial point being written").hasSize(1);
            assertThat(storeRoot.resolve(crash).resolve(pointDirectories(crash).get(0)).resolve("manifest.json"))
                    .doesNotExist();

            jobService.kill9();
            lock.rollback();
        }
        jobService.start();
        jobService.awaitReady(Duration.ofSeconds(120));

        JsonPath job = awaitJobEnd(jobUrl, new LinkedHashSet<>());
        assertThat(job.getString("status")).as(job.prettify()).isEqualTo("FAILED");
        assertThat(job.getString("error.code")).isEqualTo("INTERRUPTED");
        assertThat(job.getString("error.recommendation")).isNotBlank();
        await("the interrupted job's partial point removed").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    assertThat(pointDirectories(crash)).isEmpty();
                });
        await("instance-service sees the failed job").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath instance = getInstance(crash);
            assertThat(instance.getString("lastBackup.jobId")).isEqualTo(jobId);
            assertThat(instance.getString("lastBackup.status")).isEqualTo("FAILED");
        });

        String point = backupNowAndAwaitPoint(crash);
        assertThat(storeRoot.resolve(crash).resolve(point).resolve("manifest.json")).isRegularFile();
        assertThat(pointDirectories(crash)).containsExactly(point);

        // Restored as files kept encrypted, then decrypted offline by the CLI with the master keyset.
        Response accepted = given().baseUri(instanceService.url()).contentType(ContentType.JSON)
                .body("{\"recoveryPointId\": \"" + point + "\", \"target\": {\"type\": \"FILES\","
                        + " \"directory\": \"crash-encrypted\", \"keepEncrypted\": true}}")
                .post("/api/v1/backup-instances/{id}/restore", crash);
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
        JsonPath kept = awaitJobEnd(accepted.jsonPath().getString("jobUrl"), new LinkedHashSet<>());
        assertThat(kept.getString("status")).as(kept.prettify()).isEqualTo("COMPLETED");
        Path encrypted = restoreRoot.resolve("crash-encrypted");
        assertThat(encrypted.resolve("envelope.json")).isRegularFile();
        List<Map<String, Object>> artifacts = getPoint(point).getList("manifest.artifacts");
        for (Map<String, Object> artifact : artifacts) {
            assertThat(sha256(encrypted.resolve((String) artifact.get("name")))).as("kept encrypted: %s", artifact.get("name"))
                    .isNotEqualTo(artifact.get("sha256"));
        }
        Path decrypted = restoreRoot.resolve("crash-decrypted");
        Path root = Path.of(System.getProperty("pgvault.root", "..")).toAbsolutePath().normalize();
        Process cli = new ProcessBuilder("bash", root.resolve("cli/bin/pgvault").toString(), "decrypt", "--keyset",
                system.secrets.resolve("master.keyset.json").toString(), encrypted.toString(), "--out", decrypted.toString())
                .redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes());
        assertThat(cli.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as(output).isZero();
        for (Map<String, Object> artifact : artifacts) {
            assertThat(sha256(decrypted.resolve((String) artifact.get("name")))).as("decrypted: %s", artifact.get("name"))
                    .isEqualTo(artifact.get("sha256"));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private String createPolicy(String name, Duration retention, String schedule) {
        return given().baseUri(instanceService.url()).contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "defaultRetention": "%s", "timeZone": "UTC", "schedule": "%s"}"""
                        .formatted(name, retention, schedule))
                .post("/api/v1/backup-policies").then().statusCode(201).extract().path("id");
    }

    /** Protects the test server's {@code databases} under {@code policy}: 201 with a Location, answers the instance. */
    private JsonPath protect(String name, String policy, String... databases) {
        String list = Stream.of(databases).map(d -> '"' + d + '"').collect(java.util.stream.Collectors.joining(", "));
        return given().baseUri(instanceService.url()).contentType(ContentType.JSON)
                .header("Idempotency-Key", "protect-" + name + "-" + UUID.randomUUID())
                .body("""
                        {"name": "%s", "policyId": "%s",
                         "datasource": {"host": "%s", "port": %d, "username": "%s", "databases": [%s]}}"""
                        .formatted(name, policy, TestInfra.pgHost(), TestInfra.pgPort(), TestInfra.pgUser(), list))
                .post("/api/v1/backup-instances")
                .then().statusCode(201).header("Location", org.hamcrest.Matchers.containsString("/api/v1/backup-instances/"))
                .extract().jsonPath();
    }

    private JsonPath getInstance(String id) {
        return given().baseUri(instanceService.url()).get("/api/v1/backup-instances/{id}", id)
                .then().statusCode(200).extract().jsonPath();
    }

    private JsonPath getPoint(String id) {
        return given().baseUri(retentionService.url()).get("/api/v1/recovery-points/{id}", id)
                .then().statusCode(200).extract().jsonPath();
    }

    private JsonPath awaitPoint(String id) {
        return await("recovery point " + id + " at retention-service").atMost(Duration.ofSeconds(30))
                .until(() -> {
                    Response r = given().baseUri(retentionService.url()).get("/api/v1/recovery-points/{id}", id);
                    return r.statusCode() == 200 ? r.jsonPath() : null;
                }, p -> p != null);
    }

    private JsonPath points(String instance, String state) {
        return given().baseUri(retentionService.url()).queryParam("state", state)
                .get("/api/v1/backup-instances/{id}/recovery-points", instance).then().statusCode(200).extract().jsonPath();
    }

    private JsonPath jobs(String... params) {
        var request = given().baseUri(jobService.url());
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam(params[i], params[i + 1]);
        }
        return request.get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
    }

    private JsonPath awaitJobEnd(String jobUrl, Set<String> seen) {
        // a refused connection (job-service restarting in the kill test) is retried; the bound still holds
        return await("job " + jobUrl + " ends").atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(300))
                .ignoreExceptionsInstanceOf(java.net.ConnectException.class).until(() -> {
            Response r = given().get(jobUrl);
            if (r.statusCode() == 404) {
                return null; // not consumed from instance-commands yet
            }
            JsonPath job = r.then().statusCode(200).extract().jsonPath();
            seen.add(job.getString("status"));
            return job;
        }, job -> job != null && List.of("COMPLETED", "FAILED", "CANCELLED").contains(job.getString("status")));
    }

    /** Backup now (waiting out a job still running), the job completes; answers the point's id, once retention-service has it. */
    private String backupNowAndAwaitPoint(String instance) {
        Response accepted = await("backup now accepted").atMost(Duration.ofSeconds(30)).until(
                () -> given().baseUri(instanceService.url()).post("/api/v1/backup-instances/{id}/backup", instance),
                r -> r.statusCode() != 409 || !r.asString().contains("already queued or running"));
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
        JsonPath job = awaitJobEnd(accepted.jsonPath().getString("jobUrl"), new LinkedHashSet<>());
        assertThat(job.getString("status")).as(job.prettify()).isEqualTo("COMPLETED");
        String point = job.getString("recoveryPointId");
        awaitPoint(point);
        return point;
    }

    private String restore(String pointId, String target) {
        Response accepted = given().baseUri(instanceService.url()).contentType(ContentType.JSON)
                .body("{\"recoveryPointId\": \"" + pointId + "\", \"target\": " + target + "}")
                .post("/api/v1/backup-instances/{id}/restore", instanceId);
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
        return accepted.jsonPath().getString("jobUrl");
    }

    private Response stop(String instance, String body) {
        return given().baseUri(instanceService.url()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/backup-instances/{id}/stop-protection", instance);
    }

    private List<String> pointDirectories(String instance) throws IOException {
        Path dir = storeRoot.resolve(instance);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            // A prefix is there while it holds an object (the S3 server may leave an empty directory behind).
            return entries.filter(SeedEndToEndTest::holdsAFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).toList();
        }
    }

    private static boolean holdsAFile(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(Files::isRegularFile);
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits (bounded) until the wall clock is past {@code instant}: retention is about time passing. */
    private static void awaitPast(Instant instant) {
        Duration left = Duration.between(Instant.now(), instant);
        await("clock past " + instant).atMost(left.isNegative() ? Duration.ofSeconds(1) : left.plusSeconds(5))
                .pollInterval(Duration.ofMillis(250)).until(() -> Instant.now().isAfter(instant));
    }

    private static org.assertj.core.data.TemporalUnitOffset within(long seconds) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(seconds, ChronoUnit.SECONDS);
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
