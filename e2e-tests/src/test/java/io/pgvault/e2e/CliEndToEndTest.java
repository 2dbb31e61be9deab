package io.pgvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The seed scenario (issue 17) run entirely with {@code cli/bin/pgvault} as a process against the three
 * real services: sign-in, a policy, protect, backup now and restore into a new database (both
 * {@code --wait}), the jobs, change of policy, every stop mode and resume, and the two destructive
 * commands with their confirmation. Exit codes and the {@code -o json} answers are asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliEndToEndTest {

    private static final String SOURCE_DB = "e2e_cli";
    private static final long RUN_TIMEOUT_SECONDS = 120;

    private E2eSystem system;
    private Path root;
    private Path config;

    @RegisterExtension
    final TestWatcher onFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (system != null) {
                System.err.println(system.tails(60));
            }
        }
    };

    /** One run of the binary: its exit code and what it printed. */
    record Run(List<String> args, int exit, String out, String err) {

        JsonPath json() {
            return JsonPath.from(out);
        }

        @Override
        public String toString() {
            return "pgvault " + String.join(" ", args) + " -> exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    @BeforeAll
    void startEverything() throws Exception {
        root = Path.of(System.getProperty("pgvault.root", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve("cli/target/pgvault-cli.jar");
        assertThat(jar).as("the CLI's shaded jar (build it with 'mvn -B -pl cli package -DskipTests')").isRegularFile();
        system = E2eSystem.start("cli");
        config = Files.createTempDirectory(system.storeRoot.getParent(), "xdg-config-");
        PgVaultTestResource.createDatabaseIfMissing(SOURCE_DB);
        try (Connection c = SourceDatabases.connect(SOURCE_DB); Statement s = c.createStatement()) {
            s.execute("create table if not exists orders (id int primary key, note text)");
            s.execute("insert into orders select g, 'order ' || g from generate_series(1, 500) g on conflict do nothing");
        }
    }

    @AfterAll
    void stopServices() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void theSeedScenarioRunsWithTheCommandLine() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String policy = "cli-nightly-" + suffix;
        String otherPolicy = "cli-weekly-" + suffix;
        String name = "cli-orders-" + suffix;
        String restored = "e2e_cli_restored_" + suffix;

        // login: the admin's password on standard input
        String adminPassword = Files.readString(system.secrets.resolve("admin.password"), StandardCharsets.UTF_8).strip();
        Run login = run(adminPassword + "\n", "login", "--username", E2eIdentity.ADMIN, "--password-stdin");
        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(config.resolve("pgvault/credentials.json")).as(login.toString()).isRegularFile();

        // two policies
        Run created = ok("backup-policy", "create", "--name", policy, "--schedule", "R/2030-01-01T00:00:00Z/PT1H",
                "--default-retention", "P30D", "-o", "json");
        assertThat(created.json().getString("name")).as(created.toString()).isEqualTo(policy);
        String policyId = created.json().getString("id");
        Run other = ok("backup-policy", "create", "--name", otherPolicy, "--schedule", "R/2030-01-01T00:00:00Z/PT24H",
                "--default-retention", "P7D", "-o", "json");
        String otherPolicyId = other.json().getString("id");

        // protect a small database of the test PostgreSQL
        Run protect = ok("backup-instance", "protect", "--name", name, "--host", TestInfra.pgHost(),
                "--port", String.valueOf(TestInfra.pgPort()), "--username", TestInfra.pgUser(), "--database", SOURCE_DB,
                "--policy", policy, "-o", "json");
        JsonPath instance = protect.json();
        String instanceId = instance.getString("id");
        assertThat(instance.getString("name")).as(protect.toString()).isEqualTo(name);
        assertThat(instance.getString("state")).as(protect.toString()).isEqualTo("PROTECTION_CONFIGURED");
        assertThat(instance.getString("policy.id")).as(protect.toString()).isEqualTo(policyId);
        writeSecret(instanceId + ".password");

        // backup now, waited for
        Run backup = ok("backup-instance", "adhoc-backup", name, "--wait", "--timeout", "2m", "-o", "json");
        JsonPath backupJob = backup.json();
        String backupJobId = backupJob.getString("id");
        assertThat(backupJob.getString("status")).as(backup.toString()).isEqualTo("COMPLETED");
        assertThat(backupJob.getString("recoveryPointId")).as(backup.toString()).isNotBlank();

        // the jobs
        Run jobs = ok("job", "list", "--instance", name, "-o", "json");
        List<Map<String, Object>> listed = jobs.json().getList("$");
        assertThat(listed).as(jobs.toString()).extracting(j -> j.get("id")).contains(backupJobId);
        Run shown = ok("job", "show", backupJobId, "-o", "json");
        assertThat(shown.json().getString("id")).as(shown.toString()).isEqualTo(backupJobId);
        assertThat(shown.json().getString("status")).as(shown.toString()).isEqualTo("COMPLETED");

        // restore into a new database, with the target's own secret file
        SourceDatabases.dropIfExists(restored);
        writeSecret("targets/" + TestInfra.pgHost() + "_" + TestInfra.pgPort() + "_" + TestInfra.pgUser() + ".password");
        Run restore = ok("backup-instance", "restore", name, "--recovery-point", "latest", "--to-database", restored,
                "--target-host", TestInfra.pgHost(), "--target-port", String.valueOf(TestInfra.pgPort()),
                "--target-username", TestInfra.pgUser(), "--wait", "--timeout", "2m", "-o", "json");
        assertThat(restore.json().getString("status")).as(restore.toString()).isEqualTo("COMPLETED");
        try (Connection c = SourceDatabases.connect(restored); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select count(*) from orders")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).as("rows restored into %s", restored).isEqualTo(500);
        }
        SourceDatabases.dropIfExists(restored);

        // another policy
        Run changed = ok("backup-instance", "update-policy", name, "--policy", otherPolicy, "-o", "json");
        assertThat(changed.json().getString("policy.id")).as(changed.toString()).isEqualTo(otherPolicyId);

        // stop, resume, suspend, resume
        assertState(ok("backup-instance", "stop-protection", name, "--retain", "forever",
                "--reason", "MOVED_TO_ANOTHER_SOLUTION", "-o", "json"), "PROTECTION_STOPPED");
        assertState(ok("backup-instance", "resume-protection", name, "-o", "json"), "PROTECTION_CONFIGURED");
        assertState(ok("backup-instance", "suspend-backup", name, "--reason", "COST", "--comments", "e2e cli", "-o", "json"),
                "BACKUPS_SUSPENDED");
        assertState(ok("backup-instance", "resume-protection", name, "-o", "json"), "PROTECTION_CONFIGURED");

        // delete-data: refused without --confirm-name in a script (usage, 2) and with a wrong name (1)
        Run unconfirmed = run(null, "backup-instance", "delete-data", name, "--reason", "DECOMMISSIONED", "-o", "json");
        assertThat(unconfirmed.exit()).as(unconfirmed.toString()).isEqualTo(2);
        Run wrongName = run(null, "backup-instance", "delete-data", name, "--reason", "DECOMMISSIONED",
                "--confirm-name", name + "-not", "-o", "json");
        assertThat(wrongName.exit()).as(wrongName.toString()).isEqualTo(1);
        assertState(ok("backup-instance", "show", name, "-o", "json"), "PROTECTION_CONFIGURED");
        assertState(ok("backup-instance", "delete-data", name, "--reason", "DECOMMISSIONED", "--confirm-name", name,
                "-o", "json"), "DATA_DELETED");

        // delete
        Run deleted = ok("backup-instance", "delete", name, "--reason", "DECOMMISSIONED", "--confirm-name", name, "-o", "json");
        assertThat(deleted.json().getString("state")).as(deleted.toString()).isEqualTo("SOFT_DELETED");
    }

    private static void assertState(Run run, String state) {
        assertThat(run.json().getString("state")).as(run.toString()).isEqualTo(state);
    }

    private void writeSecret(String relative) throws IOException {
        E2eIdentity.writePrivate(system.secrets.resolve(relative),
                (TestInfra.pgPassword() == null ? "" : TestInfra.pgPassword()) + "\n");
    }

    /** A run that must exit 0. */
    private Run ok(String... args) throws IOException, InterruptedException {
        Run run = run(null, args);
        assertThat(run.exit()).as(run.toString()).isZero();
        return run;
    }

    /** Runs {@code bash cli/bin/pgvault args} with {@code stdin} (closed when null). */
    private Run run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("cli/bin/pgvault").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(config, "out-", ".txt");
        Path err = Files.createTempFile(config, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.put("XDG_CONFIG_HOME", config.toString());
        env.put("PGVAULT_INSTANCE_URL", system.instanceService.url());
        env.put("PGVAULT_JOB_URL", system.jobService.url());
        env.put("PGVAULT_RETENTION_URL", system.retentionService.url());
        env.put("NO_COLOR", "1");
        env.remove("PGVAULT_SERVER");
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("pgvault " + String.join(" ", args) + " did not end in " + RUN_TIMEOUT_SECONDS
                    + " s\n--- stderr\n" + Files.readString(err));
        }
        Run run = new Run(List.of(args), process.exitValue(), Files.readString(out), Files.readString(err));
        System.out.printf("cli: pgvault %s -> %d%n", String.join(" ", args), run.exit());
        return run;
    }
}
