package io.pgvault.job.runner;

import io.pgvault.job.SignedInAsAdmin;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.job.Jobs;
import io.pgvault.job.client.RetentionServiceMock;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Credentials stay with their server: a restore target is offered its own password only, never the
 * source's, and a target without one, or one that is not allowed, is offered nothing at all. The target is
 * a fake PostgreSQL server on loopback that asks every client for a cleartext password and records it.
 */
@QuarkusTest
@ExtendWith(SignedInAsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@QuarkusTestResource(RetentionServiceMock.class)
class RestoreCredentialsTest {

    static final UUID INSTANCE = UUID.randomUUID();
    static final String SOURCE_PASSWORD = "source-password-" + UUID.randomUUID();
    private static volatile UUID point;

    @Inject
    ObjectMapper mapper;

    /** One backup of a small database; the instance has a secret file, as a protected server would. */
    synchronized UUID point() throws Exception {
        if (point == null) {
            Jobs.writeSourceSecret(INSTANCE, SOURCE_PASSWORD);
            String db = "creds_" + UUID.randomUUID().toString().substring(0, 8);
            PgVaultTestResource.createDatabaseIfMissing(db);
            BackupRequested command = Jobs.backup(INSTANCE, Jobs.testServer(db));
            Jobs.send(mapper, command);
            point = UUID.fromString(Jobs.awaitStatus(command.jobId(), "COMPLETED").getString("recoveryPointId"));
        }
        return point;
    }

    @Test
    void aTargetWithoutACredentialOfItsOwnFailsBeforeAnythingConnectsToIt() throws Exception {
        UUID pointId = point();
        try (FakePostgres fake = new FakePostgres("127.0.0.1")) {
            RestoreRequested command = Jobs.restore(INSTANCE, pointId,
                    RestoreTarget.database(fake.host(), fake.port(), "restorer", "never_made", false));
            Jobs.send(mapper, command);
            JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
            System.out.printf("restore without a target secret: %s %s; fake server %s:%d accepted %d connection(s),"
                            + " passwords received %s%n", job.getString("error.code"), job.getString("error.message"),
                    fake.host(), fake.port(), fake.accepted(),
                    fake.connections().stream().map(FakePostgres.Connection::password).toList());

            assertThat(job.getString("error.code")).isEqualTo("TARGET_CREDENTIALS_MISSING");
            String file = "targets/127.0.0.1_" + fake.port() + "_restorer.password";
            assertThat(job.getString("error.message")).contains(file).doesNotContain(Jobs.SECRETS.toString());
            assertThat(job.getString("error.recommendation")).contains(file).contains("pgvault.job.secrets-dir");
            assertThat(fake.accepted()).as("connections the fake server accepted").isZero();
            assertThat(fake.connections()).isEmpty();
            assertThat(job.getList("subTasks")).isEmpty();
        }
    }

    @Test
    void aTargetWithItsOwnSecretFileIsOfferedThatPasswordAndNeverTheSources() throws Exception {
        UUID pointId = point();
        String targetPassword = "target-password-" + UUID.randomUUID();
        try (FakePostgres fake = new FakePostgres("127.0.0.1")) {
            Jobs.writeTargetSecret(fake.host(), fake.port(), "restorer", targetPassword);
            // A secret for the same host and role on another port: not this target's, never offered to it.
            Jobs.writeTargetSecret(fake.host(), fake.port() == 65535 ? 1 : fake.port() + 1, "restorer", "other-port");
            RestoreRequested command = Jobs.restore(INSTANCE, pointId,
                    RestoreTarget.database(fake.host(), fake.port(), "restorer", "restored_here", false));
            Jobs.send(mapper, command);
            JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
            List<String> passwords = fake.connections().stream().map(FakePostgres.Connection::password).toList();
            System.out.printf("restore with a target secret: %s %s; fake server %s:%d accepted %d connection(s),"
                            + " startup %s, passwords received %s%n", job.getString("error.code"),
                    job.getString("error.message"), fake.host(), fake.port(), fake.accepted(),
                    fake.connections().stream().map(FakePostgres.Connection::startup).toList(), passwords);

            // The fake server refuses every login: the job fails as a refused login, having sent the target's password.
            assertThat(job.getString("error.code")).isEqualTo("AUTHENTICATION_FAILED");
            assertThat(job.getString("error.message")).contains("targets/127.0.0.1_" + fake.port() + "_restorer.password")
                    .doesNotContain(Jobs.SECRETS.toString()).doesNotContain(targetPassword);
            assertThat(passwords).isNotEmpty().containsOnly(targetPassword);
            assertThat(passwords).doesNotContain(SOURCE_PASSWORD, "other-port");
            assertThat(fake.connections()).allSatisfy(c -> assertThat(c.startup()).containsEntry("user", "restorer"));
        }
        assertNoPasswordFileLeft();
    }

    @Test
    void aTargetThatIsNotAllowedIsOfferedNothingEvenWithASecretFile() throws Exception {
        UUID pointId = point();
        // The source is 127.0.0.1; 127.0.0.2 is another host that pgvault.job.restore.allowed-targets does not list.
        try (FakePostgres fake = new FakePostgres("127.0.0.2")) {
            Jobs.writeTargetSecret(fake.host(), fake.port(), "restorer", "would-be-offered");
            RestoreRequested command = Jobs.restore(INSTANCE, pointId,
                    RestoreTarget.database(fake.host(), fake.port(), "restorer", "not_here", false));
            Jobs.send(mapper, command);
            JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
            assertThat(job.getString("error.code")).isEqualTo("TARGET_NOT_ALLOWED");
            assertThat(job.getString("error.message")).contains("127.0.0.2")
                    .contains("pgvault.job.restore.allowed-targets");
            assertThat(fake.accepted()).isZero();
        }
    }

    @Test
    void storedPointsAndRestoredFilesAreReadableByTheirOwnerOnly() throws Exception {
        UUID pointId = point();
        Path instanceDir = Jobs.STORE.resolve(INSTANCE.toString());
        assertOwnerOnly(instanceDir);

        String directory = "private-" + UUID.randomUUID() + "/files";
        RestoreRequested command = Jobs.restore(INSTANCE, pointId, RestoreTarget.files(directory));
        Jobs.send(mapper, command);
        Jobs.awaitStatus(command.jobId(), "COMPLETED");
        Path restored = Jobs.RESTORES.resolve(directory);
        assertThat(restored.resolve("manifest.json")).isRegularFile();
        assertOwnerOnly(restored.getParent());

        // The private directory of temporary password files is 0700 too.
        assertThat(mode(Jobs.PRIVATE)).isEqualTo("rwx------");
    }

    /** The directory and everything in it: directories 0700, files 0600. */
    private static void assertOwnerOnly(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> paths = walk.toList();
            assertThat(paths).hasSizeGreaterThan(3);
            for (Path path : paths) {
                boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
                assertThat(mode(path)).as("mode of %s", path).isEqualTo(directory ? "rwx------" : "rw-------");
            }
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    /** Once the job ended (its status is recorded just before), no temporary password file of its is left. */
    private static void assertNoPasswordFileLeft() {
        await("no password file left in " + Jobs.PRIVATE).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(Jobs.PRIVATE)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("pgpass-"));
            }
        });
    }
}
