package io.pgvault.cli.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgvault keys} and {@code pgvault decrypt}: the master keyset file, offline. */
class KeysCommandTest {

    static final String NOWHERE = "http://127.0.0.1:1";

    @TempDir
    Path config;

    @TempDir
    Path dir;

    private CliRun.Result run(String... args) {
        return CliRun.against(NOWHERE, config).run(args);
    }

    @Test
    void generateWritesAnOwnerOnlyKeysetAndNeverReplacesOne() throws Exception {
        Path keyset = dir.resolve("master.keyset.json");
        CliRun.Result first = run("keys", "generate", keyset.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset))).isEqualTo("rw-------");
        String before = Files.readString(keyset);
        assertThat(keys(keyset).size()).isEqualTo(1);

        CliRun.Result again = run("keys", "generate", keyset.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(Files.readString(keyset)).isEqualTo(before);
    }

    @Test
    void rotateAddsANewPrimaryAndKeepsTheOldKey() throws Exception {
        Path keyset = dir.resolve("master.keyset.json");
        assertThat(run("keys", "generate", keyset.toString()).exitCode()).isZero();
        long oldPrimary = new ObjectMapper().readTree(keyset.toFile()).get("primaryKeyId").asLong();

        CliRun.Result rotated = run("keys", "rotate", keyset.toString());
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(keyset.toFile());
        assertThat(json.get("primaryKeyId").asLong()).isNotEqualTo(oldPrimary);
        assertThat(keys(keyset)).extracting(k -> k.get("keyId").asLong()).contains(oldPrimary, json.get("primaryKeyId").asLong());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset))).isEqualTo("rw-------");
    }

    @Test
    void decryptRefusesADirectoryThatIsNotAnEncryptedRestore() throws Exception {
        Path keyset = dir.resolve("master.keyset.json");
        assertThat(run("keys", "generate", keyset.toString()).exitCode()).isZero();
        Path plain = Files.createDirectory(dir.resolve("plain"));
        Files.writeString(plain.resolve("manifest.json"), "{}");
        CliRun.Result result = run("decrypt", "--keyset", keyset.toString(), plain.toString(), "--out",
                dir.resolve("out").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("not an encrypted restore directory");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    private static java.util.List<JsonNode> keys(Path keyset) throws Exception {
        java.util.List<JsonNode> keys = new java.util.ArrayList<>();
        new ObjectMapper().readTree(keyset.toFile()).get("key").forEach(keys::add);
        return keys;
    }
}
