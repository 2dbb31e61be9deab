package io.pgvault.job.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgvault.contracts.common.Datasource;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    private static final UUID INSTANCE = UUID.fromString("4a1c2f0e-8d3b-4c5a-9e7f-1b2c3d4e5f60");
    private static final Datasource SOURCE = new Datasource("db1.internal", 5432, "backup", List.of("orders"), null);

    @TempDir
    Path secrets;

    @TempDir
    Path data;

    private PrivateDirectory privateDirectory;

    @BeforeEach
    void prepare() {
        privateDirectory = new PrivateDirectory(data.resolve("private"));
        privateDirectory.prepare();
    }

    private Secrets secrets(boolean hostPassfile, Map<String, String> environment) {
        return new Secrets(secrets, privateDirectory, hostPassfile, environment);
    }

    @Test
    void aSecretFileBecomesAPrivatePasswordFileForTheSourcesOwnHostPortAndRoleOnly() throws Exception {
        Files.writeString(secrets.resolve(INSTANCE + ".password"), "pa:ss\\word\n");
        Path passfile;
        try (Credentials credentials = secrets(false, Map.of()).forSource(INSTANCE, SOURCE)) {
            passfile = Path.of(credentials.environment().get("PGPASSFILE"));
            assertThat(Files.readString(passfile)).isEqualTo("db1.internal:5432:*:backup:pa\\:ss\\\\word\n");
            assertThat(passfile.getParent()).isEqualTo(privateDirectory.path());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passfile))).isEqualTo("rw-------");
            assertThat(credentials.description()).contains(INSTANCE + ".password")
                    .doesNotContain(secrets.toString()).doesNotContain("pa:ss");
        }
        assertThat(passfile).doesNotExist();
    }

    @Test
    void withoutASecretFileTheChildGetsAnEmptyPasswordFileNeverTheHostsOwn() throws Exception {
        Path passfile;
        try (Credentials credentials = secrets(false, Map.of("PGPASSFILE", "/home/pgvault/.pgpass-all"))
                .forSource(INSTANCE, SOURCE)) {
            passfile = Path.of(credentials.environment().get("PGPASSFILE"));
            assertThat(passfile.getParent()).isEqualTo(privateDirectory.path());
            assertThat(Files.size(passfile)).isZero();
            assertThat(credentials.description()).contains(INSTANCE + ".password")
                    .contains("pgvault.job.credentials.host-passfile=true");
        }
        assertThat(passfile).doesNotExist();
    }

    @Test
    void theHostsPasswordFileIsUsedOnlyWhenTheOperatorEnablesIt() throws Exception {
        try (Credentials credentials = secrets(true, Map.of("PGPASSFILE", "/etc/pgvault/pgpass"))
                .forSource(INSTANCE, SOURCE)) {
            assertThat(credentials.environment()).containsExactly(Map.entry("PGPASSFILE", "/etc/pgvault/pgpass"));
            assertThat(credentials.temporary()).isNull();
        }
        try (Credentials credentials = secrets(true, Map.of()).forSource(INSTANCE, SOURCE)) {
            // No PGPASSFILE: the child's libpq reads ~/.pgpass, as the operator asked.
            assertThat(credentials.environment()).isEmpty();
            assertThat(credentials.description()).contains("~/.pgpass");
        }
    }

    @Test
    void aRestoreTargetGetsItsOwnSecretScopedToItNeverTheSources() throws Exception {
        Files.writeString(secrets.resolve(INSTANCE + ".password"), "source-password\n");
        Files.createDirectories(secrets.resolve("targets"));
        Files.writeString(secrets.resolve("targets/db2.internal_5433_restorer.password"), "target-password\n");
        RestoreTarget target = RestoreTarget.database("db2.internal", 5433, "restorer", "orders_copy", false);
        try (Credentials credentials = secrets(false, Map.of()).forTarget(target)) {
            Path passfile = Path.of(credentials.environment().get("PGPASSFILE"));
            assertThat(Files.readString(passfile)).isEqualTo("db2.internal:5433:*:restorer:target-password\n");
            assertThat(credentials.description()).isEqualTo("the target's secret file targets/db2.internal_5433_restorer.password");
        }
    }

    @Test
    void aRestoreTargetWithoutASecretFileFailsNamingTheFileToWriteButNoAbsolutePath() throws Exception {
        Files.writeString(secrets.resolve(INSTANCE + ".password"), "source-password\n");
        RestoreTarget target = RestoreTarget.database("db2.internal", 5433, "restorer", "orders_copy", false);
        assertThatThrownBy(() -> secrets(false, Map.of()).forTarget(target))
                .isInstanceOfSatisfying(JobFailure.class, failure -> {
                    assertThat(failure.error().code()).isEqualTo(ErrorCode.TARGET_CREDENTIALS_MISSING);
                    assertThat(failure.error().message()).contains("db2.internal:5433")
                            .contains("targets/db2.internal_5433_restorer.password")
                            .doesNotContain(secrets.toString());
                    assertThat(failure.error().recommendation())
                            .contains("targets/db2.internal_5433_restorer.password")
                            .contains("pgvault.job.secrets-dir").doesNotContain(secrets.toString());
                });
        try (Stream<Path> files = Files.list(privateDirectory.path())) {
            assertThat(files).as("no password file was written").isEmpty();
        }
    }

    @Test
    void anEmptyTargetSecretMeansNoPassword() throws Exception {
        Files.createDirectories(secrets.resolve("targets"));
        Files.writeString(secrets.resolve("targets/db2.internal_5432_trusted.password"), "");
        try (Credentials credentials = secrets(false, Map.of())
                .forTarget(RestoreTarget.database("db2.internal", 5432, "trusted", "x", false))) {
            assertThat(Files.size(Path.of(credentials.environment().get("PGPASSFILE")))).isZero();
            assertThat(credentials.description()).contains("empty: no password");
        }
    }

    @Test
    void aTargetNameThatWouldLeaveTheTargetsDirectoryIsEncodedSoItNamesNoOtherFile() throws Exception {
        // A file one level up that a raw "../" in the user name would reach: never read.
        Files.createDirectories(secrets.resolve("targets"));
        Files.writeString(secrets.resolve("x_5432_.password"), "elsewhere\n");
        RestoreTarget target = RestoreTarget.database("db2.internal", 5432, "../../x", "x", false);
        assertThatThrownBy(() -> secrets(false, Map.of()).forTarget(target))
                .isInstanceOfSatisfying(JobFailure.class, failure -> assertThat(failure.error().message())
                        .contains("targets/db2.internal_5432_..%2F..%2Fx.password"));
    }

    @Test
    void forgettingAnInstanceRemovesItsSecretFileOnly() throws Exception {
        Files.writeString(secrets.resolve(INSTANCE + ".password"), "source-password\n");
        Path other = Files.writeString(secrets.resolve(UUID.randomUUID() + ".password"), "other\n");
        assertThat(secrets(false, Map.of()).forget(INSTANCE)).isTrue();
        assertThat(secrets.resolve(INSTANCE + ".password")).doesNotExist();
        assertThat(other).exists();
        assertThat(secrets(false, Map.of()).forget(INSTANCE)).isFalse();
    }
}
