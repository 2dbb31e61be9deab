package io.pgvault.job.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating the master keyset where two replicas may create it at the same moment. */
class MasterKeysTest {

    @TempDir
    Path dir;

    @Test
    void aKeysetCreatedMeanwhileIsNeverReplacedAndBothCreatorsUseIt() throws Exception {
        Path file = dir.resolve("master.keyset.json");
        MasterKeys first = MasterKeys.inFile(file, true);
        MasterKeys second = MasterKeys.inFile(file, true);
        int firstKey = first.primaryKeyId();
        String written = Files.readString(file);

        // The second replica had seen no file a moment ago and creates one now: the first one's stays.
        KeysetHandle late = MasterKeys.generate();
        assertThat(MasterKeys.writeNew(file, late)).isFalse();

        assertThat(Files.readString(file)).isEqualTo(written);
        assertThat(second.primaryKeyId()).isEqualTo(firstKey).isNotEqualTo(late.getPrimary().getId());
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var left = Files.list(dir)) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
    }
}
