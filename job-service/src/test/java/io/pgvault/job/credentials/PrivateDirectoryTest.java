package io.pgvault.job.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDirectoryTest {

    @TempDir
    Path data;

    @Test
    void startUpMakesTheDirectoryOwnerOnlyAndRemovesWhatAnEarlierRunLeft() throws Exception {
        Path dir = Files.createDirectories(data.resolve("private"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("pgpass-123.conf"), "db:5432:*:u:left-behind\n");
        Files.createDirectories(dir.resolve("nested/deeper"));
        Files.writeString(dir.resolve("nested/deeper/stderr-1.txt"), "x");

        PrivateDirectory privateDirectory = new PrivateDirectory(dir);
        privateDirectory.prepare();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries).isEmpty();
        }
        Path file = privateDirectory.newFile("pgpass-", ".conf");
        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aMissingDirectoryIsCreatedOwnerOnly() throws Exception {
        Path dir = data.resolve("job/private");
        new PrivateDirectory(dir).prepare();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent()))).isEqualTo("rwx------");
    }
}
