package io.pgvault.job.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.job.config.JobConfig;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemRecoveryPointStoreTest {

    @TempDir
    Path root;

    private FileSystemRecoveryPointStore store() {
        JobConfig config = (JobConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {JobConfig.class}, (proxy, method, args) -> method.getName().equals("storeRoot")
                        ? root.toString() : null);
        return new FileSystemRecoveryPointStore(config, new ObjectMapper().registerModule(new JavaTimeModule()));
    }

    @Test
    void aPointIsInvisibleUntilItsManifestIsCommittedAndThenHashedAsStored() throws Exception {
        FileSystemRecoveryPointStore store = store();
        UUID instance = UUID.randomUUID();
        UUID point = UUID.randomUUID();
        RecoveryPointStore.PartialPoint partial = store.begin(instance, point);
        byte[] data = "pg_dump output".getBytes(StandardCharsets.UTF_8);
        ArtifactOutput out = partial.create("db-1.dump");
        out.write(data);
        out.close();
        assertThat(out.bytes()).isEqualTo(data.length);
        assertThat(out.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        assertThat(store.open(instance, point)).isEmpty();
        assertThat(store.partialDirectory(instance, point)).isDirectory();

        RecoveryPointManifest manifest = new RecoveryPointManifest(point, instance, UUID.randomUUID(), Instant.now(),
                Instant.now(), "15.4", "15.4", out.bytes(), List.of(new ArtifactEntry("db-1.dump",
                        ArtifactEntry.Kind.DATABASE, "orders", out.bytes(), out.sha256(), "gzip")));
        partial.commit(manifest);
        assertThat(store.partialDirectory(instance, point)).doesNotExist();
        RecoveryPointStore.StoredPoint stored = store.open(instance, point).orElseThrow();
        assertThat(stored.manifest()).isEqualTo(manifest);
        try (InputStream in = stored.read("db-1.dump")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void aDiscardedPointLeavesNothingAndArtifactNamesAreOurs() throws Exception {
        FileSystemRecoveryPointStore store = store();
        UUID instance = UUID.randomUUID();
        UUID point = UUID.randomUUID();
        RecoveryPointStore.PartialPoint partial = store.begin(instance, point);
        try (ArtifactOutput out = partial.create("globals.sql.zst")) {
            out.write(1);
        }
        partial.discard();
        try (var entries = Files.list(root.resolve(instance.toString()))) {
            assertThat(entries).isEmpty();
        }
        assertThat(FileSystemRecoveryPointStore.isArtifactName("db-1.dump.zst")).isTrue();
        assertThat(FileSystemRecoveryPointStore.isArtifactName("../x")).isFalse();
        assertThat(FileSystemRecoveryPointStore.isArtifactName(".partial-x")).isFalse();
        assertThat(FileSystemRecoveryPointStore.isArtifactName("manifest.json")).isFalse();
    }
}
