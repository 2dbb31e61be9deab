package io.pgvault.job.runner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStream;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.common.VerifySetting;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.VerifyRequested;
import io.pgvault.job.Jobs;
import io.pgvault.job.SignedInAsAdmin;
import io.pgvault.job.SourceDatabases;
import io.pgvault.job.client.InjectRetentionHolds;
import io.pgvault.job.client.RetentionHolds;
import io.pgvault.job.client.RetentionServiceMock;
import io.pgvault.platform.json.Json;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Restore verification against the real thing: a backup of a database of many types records its figures
 * in the dump's snapshot, a VERIFY job restores it into a scratch database on the test server, compares
 * and drops it; a point whose artifact and hashes were rewritten consistently (so every integrity check
 * passes) is caught by the content digest; the reaper drops the scratch database of a killed verification.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@QuarkusTestResource(RetentionServiceMock.class)
@ExtendWith(SignedInAsAdmin.class)
class VerificationTest {

    @Inject
    ObjectMapper mapper;

    @InjectRetentionHolds
    RetentionHolds retention;

    /** Backs up a new mixed database and answers the point. */
    private UUID backUp(UUID instance, String source) throws Exception {
        SourceDatabases.createMixed(source);
        BackupRequested command = Jobs.backup(instance, Jobs.testServer(source));
        Jobs.send(mapper, command);
        return UUID.fromString(Jobs.awaitStatus(command.jobId(), "COMPLETED").getString("recoveryPointId"));
    }

    private static UUID requestVerification(UUID point) {
        Jobs.newDatabase("unused"); // the test server's password, as the verification server's credential
        String location = given().header("Idempotency-Key", "verify-" + point).post("/api/v1/recovery-points/" + point
                + "/verify").then().statusCode(202).extract().header("Location");
        // The same key answers the same job.
        String again = given().header("Idempotency-Key", "verify-" + point).post("/api/v1/recovery-points/" + point
                + "/verify").then().statusCode(202).extract().header("Location");
        assertThat(again).isEqualTo(location);
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    @Test
    void aVerificationOfADatabaseOfManyTypesEndsVerifiedWithEveryTableListed() throws Exception {
        UUID instance = UUID.randomUUID();
        String source = "verify_mixed_" + UUID.randomUUID().toString().substring(0, 8);
        UUID point = backUp(instance, source);

        // The figures travel in the manifest: every table with its count and digest, the sequence, the large object.
        JsonNode manifest = mapper.readTree(Jobs.STORE.resolve(instance.toString()).resolve(point.toString())
                .resolve("manifest.json").toFile());
        JsonNode figures = manifest.get("figures").get(0);
        assertThat(figures.get("database").asText()).isEqualTo(source);
        List<String> recorded = new ArrayList<>();
        figures.get("tables").forEach(t -> recorded.add(t.get("name").asText() + "=" + t.get("rows").asLong()));
        assertThat(recorded).containsExactly("MixedCase Orders=3000", "documents=1", "items=6000");
        figures.get("tables").forEach(t -> assertThat(t.get("digest").asText()).matches("-?[0-9]+"));
        assertThat(figures.get("largeObjects").asLong()).isEqualTo(1);
        assertThat(figures.get("objects").toString()).contains("view public.big_orders",
                "function public.order_total(bigint)", "sequence public.invoice_no");

        UUID job = requestVerification(point);
        JsonPath done = Jobs.awaitStatus(job, "COMPLETED");
        // The evidence as the API shows it, kept for the README's recorded example.
        Files.writeString(Path.of("target/verification-evidence.json"), given().get("/api/v1/jobs/" + job).then()
                .extract().body().asPrettyString());
        assertThat(done.getString("operation")).isEqualTo("VERIFY");
        assertThat(done.getString("verification.outcome")).isEqualTo("VERIFIED");
        assertThat(done.getString("verification.jobId")).isEqualTo(job.toString());
        assertThat(done.getList("verification.tables.name")).containsExactly("MixedCase Orders", "documents", "items");
        assertThat(done.getList("verification.tables.restoredRows", Integer.class)).containsExactly(3000, 1, 6000);
        assertThat(done.getList("verification.tables.digestMatches", Boolean.class)).containsOnly(true);
        assertThat(done.getList("verification.mismatches")).isEmpty();
        assertThat(done.getLong("verification.durationMillis")).isNotNegative();
        // Held while it ran, released after; the scratch database is gone.
        RetentionHolds.Hold hold = retention.takenBy(job);
        assertThat(hold.recoveryPointId()).isEqualTo(point);
        assertThat(retention.released(hold)).isTrue();
        assertThat(scratchDatabases(job)).isEmpty();

        List<ConsumerRecord<String, String>> events = KafkaProbe.await(Topics.JOB_EVENTS, 1, Duration.ofSeconds(20),
                r -> r.value().contains(job.toString()) && "io.pgvault.VerificationCompleted".equals(KafkaProbe.type(r)));
        JsonNode completed = mapper.readTree(events.get(0).value());
        assertThat(completed.get("recoveryPointId").asText()).isEqualTo(point.toString());
        assertThat(completed.get("evidence").get("outcome").asText()).isEqualTo("VERIFIED");
    }

    @Test
    void aPolicyVerifyingEverySevenDaysVerifiesTheFirstBackupsPointAndNotTheNextWithinTheWeek() throws Exception {
        UUID instance = UUID.randomUUID();
        String source = "verify_policy_" + UUID.randomUUID().toString().substring(0, 8);
        SourceDatabases.createMixed(source);
        Jobs.newDatabase("unused");
        PolicySnapshot weekly = new PolicySnapshot(Jobs.POLICY.policyId(), Jobs.POLICY.policyName(),
                Jobs.POLICY.policyVersion(), Jobs.POLICY.timeZone(), Jobs.POLICY.defaultRetention(),
                Jobs.POLICY.taggedRules(), new VerifySetting("P7D", null));
        UUID first = backUpWith(instance, source, weekly);
        await().atMost(Duration.ofSeconds(90)).until(() -> verifications(instance).size() == 1);
        JsonPath verification = Jobs.awaitStatus(UUID.fromString(verifications(instance).get(0)), "COMPLETED");
        assertThat(verification.getString("recoveryPointId")).isEqualTo(first.toString());
        assertThat(verification.getString("trigger")).isEqualTo("SCHEDULED");
        assertThat(verification.getString("verification.outcome")).isEqualTo("VERIFIED");

        backUpWith(instance, source, weekly);
        // Committed with the second backup's completion, had it been due: none was queued.
        assertThat(verifications(instance)).hasSize(1);
    }

    @Test
    void aPolicysVerifyTargetChoosesTheVerificationServerAndAnUnknownOneFailsNamingIt() throws Exception {
        UUID instance = UUID.randomUUID();
        String source = "verify_target_" + UUID.randomUUID().toString().substring(0, 8);
        SourceDatabases.createMixed(source);
        Jobs.writeTargetSecret("127.0.0.1", 1, "verifier", "unused");

        backUpWith(instance, source, everyBackupOn("no-such-lab"));
        await().atMost(Duration.ofSeconds(60)).until(() -> verifications(instance).size() == 1);
        JsonPath unknown = Jobs.awaitStatus(UUID.fromString(verifications(instance).get(0)), "FAILED");
        assertThat(unknown.getString("error.code")).isEqualTo("NOT_VERIFIABLE");
        assertThat(unknown.getString("error.message")).contains("verify.target 'no-such-lab'")
                .contains("known: default, nowhere");
        assertThat(unknown.getString("verification")).isNull();

        // "nowhere" is configured on 127.0.0.1:1, where nothing listens: its job fails reaching that server,
        // not the default one (which would have verified the point)
        backUpWith(instance, source, everyBackupOn("nowhere"));
        await().atMost(Duration.ofSeconds(60)).until(() -> verifications(instance).size() == 2);
        UUID second = verifications(instance).stream().map(UUID::fromString)
                .filter(id -> !id.toString().equals(unknown.getString("id"))).findFirst().orElseThrow();
        JsonPath unreachable = Jobs.awaitStatus(second, "FAILED");
        assertThat(unreachable.getString("error.code")).isEqualTo("HOST_UNREACHABLE");
        assertThat(unreachable.getString("error.message")).contains("127.0.0.1:1");
    }

    private static PolicySnapshot everyBackupOn(String target) {
        return new PolicySnapshot(Jobs.POLICY.policyId(), Jobs.POLICY.policyName(), Jobs.POLICY.policyVersion(),
                Jobs.POLICY.timeZone(), Jobs.POLICY.defaultRetention(), Jobs.POLICY.taggedRules(),
                new VerifySetting(VerifySetting.EVERY_BACKUP, target));
    }

    private UUID backUpWith(UUID instance, String source, PolicySnapshot policy) throws Exception {
        BackupRequested command = new BackupRequested(UUID.randomUUID(), instance, Instant.now(), UUID.randomUUID(),
                Trigger.SCHEDULED, "orders-test", Jobs.testServer(source), policy, "scheduler");
        Jobs.send(mapper, command);
        return UUID.fromString(Jobs.awaitStatus(command.jobId(), "COMPLETED").getString("recoveryPointId"));
    }

    private static List<String> verifications(UUID instance) {
        return given().get("/api/v1/jobs?all=true&operation=VERIFY&instanceId=" + instance).then().statusCode(200)
                .extract().jsonPath().getList("items.id");
    }

    @Test
    void aRowChangedInTheArtifactWithItsHashesRewrittenFailsVerificationNamingTheTable() throws Exception {
        UUID instance = UUID.randomUUID();
        String source = "verify_tampered_" + UUID.randomUUID().toString().substring(0, 8);
        UUID point = backUp(instance, source);

        // The attacker's (or the bit rot's) best: one row changed, the artifact re-dumped, its SHA-256 and size in
        // the manifest rewritten and the catalog's manifest digest with them, so every integrity check passes.
        try (Connection c = SourceDatabases.connect(source); Statement s = c.createStatement()) {
            s.execute("update items set qty = qty + 1 where id = 42");
        }
        Path dir = Jobs.STORE.resolve(instance.toString()).resolve(point.toString());
        Path dump = dir.resolve("db-1.dump.zst");
        ProcessBuilder builder = new ProcessBuilder(pgDump(), "--format=custom", "-Z0", "--host=" + TestInfra.pgHost(),
                "--port=" + TestInfra.pgPort(), "--username=" + TestInfra.pgUser(), "--dbname=" + source)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PGPASSWORD", TestInfra.pgPassword() == null ? "" : TestInfra.pgPassword());
        Process pgDump = builder.start();
        try (InputStream in = pgDump.getInputStream(); OutputStream out = new ZstdOutputStream(Files.newOutputStream(dump), 1)) {
            in.transferTo(out);
        }
        assertThat(pgDump.waitFor()).isZero();
        ObjectNode manifest = (ObjectNode) mapper.readTree(dir.resolve("manifest.json").toFile());
        for (JsonNode artifact : (ArrayNode) manifest.get("artifacts")) {
            if (artifact.get("name").asText().equals("db-1.dump.zst")) {
                ((ObjectNode) artifact).put("sha256", sha256(Files.readAllBytes(dump)));
                ((ObjectNode) artifact).put("bytes", Files.size(dump));
            }
        }
        byte[] rewritten = mapper.writeValueAsBytes(manifest);
        Files.write(dir.resolve("manifest.json"), rewritten);
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement update = c.prepareStatement("update job set manifest_sha256 = ? where recovery_point_id = ?"
                        + " and operation = 'BACKUP'")) {
            update.setString(1, sha256(rewritten));
            update.setObject(2, point);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        UUID job = requestVerification(point);
        JsonPath failed = Jobs.awaitStatus(job, "FAILED");
        assertThat(failed.getString("error.code")).isEqualTo("VERIFICATION_FAILED");
        assertThat(failed.getString("error.message")).contains("table public.items").contains("content digest differs");
        assertThat(failed.getString("verification.outcome")).isEqualTo("FAILED");
        assertThat(failed.getList("verification.mismatches")).hasSize(1);
        assertThat(failed.getList("verification.tables.findAll { !it.digestMatches }.name")).containsExactly("items");
        assertThat(scratchDatabases(job)).isEmpty();
        List<ConsumerRecord<String, String>> events = KafkaProbe.await(Topics.JOB_EVENTS, 1, Duration.ofSeconds(20),
                r -> r.value().contains(job.toString()) && "io.pgvault.VerificationCompleted".equals(KafkaProbe.type(r)));
        assertThat(mapper.readTree(events.get(0).value()).get("evidence").get("outcome").asText()).isEqualTo("FAILED");
    }

    @Test
    void aVerificationKilledMidwayLeavesNoScratchDatabase() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID dead = UUID.randomUUID();
        String scratch = VerifyRunner.scratchName(dead, 0, 1);
        // What a job-service killed during pg_restore leaves: the scratch database, recorded and marked as its own.
        PgVaultTestResource.createDatabaseIfMissing(scratch);
        try (Connection c = SourceDatabases.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("comment on database \"" + scratch + "\" is 'pgvault-restore:" + dead + "'");
        }
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        VerifyRequested command = new VerifyRequested(UUID.randomUUID(), instance, longAgo, dead, UUID.randomUUID(),
                "crashed", Trigger.ON_DEMAND, "test-user", null);
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement insert = c.prepareStatement("insert into job (id, instance_id, instance_name, operation,"
                        + " trigger, status, recovery_point_id, request, created_at, started_at, heartbeat_at, owner,"
                        + " lease_expires_at, target_databases) values (?, ?, 'crashed', 'VERIFY', 'ON_DEMAND',"
                        + " 'IN_PROGRESS', ?, ?, ?, ?, ?, 'replica-gone', ?, ?)")) {
            insert.setObject(1, dead);
            insert.setObject(2, instance);
            insert.setObject(3, command.recoveryPointId());
            insert.setString(4, Json.write(mapper, command));
            insert.setTimestamp(5, Timestamp.from(longAgo));
            insert.setTimestamp(6, Timestamp.from(longAgo));
            insert.setTimestamp(7, Timestamp.from(longAgo));
            insert.setTimestamp(8, Timestamp.from(longAgo));
            insert.setString(9, Json.write(mapper, List.of(scratch)));
            insert.executeUpdate();
        }
        Jobs.newDatabase("unused");

        assertThat(Jobs.awaitStatus(dead, "FAILED").getString("error.code")).isEqualTo("INTERRUPTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> !SourceDatabases.exists(scratch));
    }

    /** The scratch databases of {@code job} on the test server. */
    private static List<String> scratchDatabases(UUID job) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = SourceDatabases.connect("postgres");
                PreparedStatement select = c.prepareStatement("select datname from pg_database where datname like ?")) {
            select.setString(1, "pgvault_verify_" + job + "%");
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static String pgDump() throws Exception {
        try (Stream<Path> majors = Files.list(Path.of("/usr/lib/postgresql"))) {
            return majors.map(p -> p.resolve("bin/pg_dump")).filter(Files::isExecutable)
                    .max((a, b) -> Integer.compare(Integer.parseInt(a.getParent().getParent().getFileName().toString()),
                            Integer.parseInt(b.getParent().getParent().getFileName().toString())))
                    .orElseThrow().toString();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
