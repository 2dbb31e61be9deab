package io.pgvault.job.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @TempDir
    Path secrets;

    @Test
    void aSecretFileBecomesAPrivatePasswordFileInTheChildsEnvironmentOnly() throws Exception {
        Files.writeString(secrets.resolve("42.password"), "pa:ss\\word\n");
        Path passfile;
        try (Credentials credentials = Credentials.resolve(secrets, "42")) {
            passfile = Path.of(credentials.environment().get("PGPASSFILE"));
            assertThat(Files.readString(passfile)).isEqualTo("*:*:*:*:pa\\:ss\\\\word\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passfile))).isEqualTo("rw-------");
            assertThat(credentials.description()).contains(secrets.resolve("42.password").toString())
                    .doesNotContain("pa:ss");
        }
        assertThat(passfile).doesNotExist();
    }

    @Test
    void withoutASecretFileTheHostsPasswordFileIsUsedAndNamed() throws Exception {
        try (Credentials credentials = Credentials.resolve(secrets, "7")) {
            assertThat(credentials.description()).contains("7.password");
            assertThat(credentials.temporary()).isNull();
        }
    }
}
