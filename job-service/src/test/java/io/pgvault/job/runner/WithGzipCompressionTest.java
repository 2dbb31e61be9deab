package io.pgvault.job.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.job.Jobs;
import io.pgvault.job.SignedInAsAdmin;
import io.pgvault.job.SourceDatabases;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The other codec: pg_dump's own gzip (no compression in the stream) also restores exactly. Its
 * own profile restarts the application once; the class name keeps it last in the run.
 */
@QuarkusTest
@TestProfile(WithGzipCompressionTest.Gzip.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@ExtendWith(SignedInAsAdmin.class)
class WithGzipCompressionTest {

    public static class Gzip implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pgvault.job.compression", "gzip:6");
        }
    }

    @Inject
    ObjectMapper mapper;

    @Test
    void aGzipBackupRestoresEveryRowExactly() throws Exception {
        String source = "gzip_src_" + UUID.randomUUID().toString().substring(0, 8);
        SourceDatabases.createMixed(source);
        UUID instance = UUID.randomUUID();
        BackupRequested backup = Jobs.backup(instance, Jobs.testServer(source));
        Jobs.send(mapper, backup);
        UUID point = UUID.fromString(Jobs.awaitStatus(backup.jobId(), "COMPLETED").getString("recoveryPointId"));
        JsonNode manifest = mapper.readTree(Jobs.STORE.resolve(instance.toString()).resolve(point.toString())
                .resolve("manifest.json").toFile());
        assertThat(manifest.get("artifacts").get(0).get("name").asText()).isEqualTo("globals.sql");
        assertThat(manifest.get("artifacts").get(1).get("name").asText()).isEqualTo("db-1.dump");
        assertThat(manifest.get("artifacts").get(1).get("compression").asText()).isEqualTo("gzip");
        Path dump = Jobs.STORE.resolve(instance.toString()).resolve(point.toString()).resolve("db-1.dump");
        assertThat(BackupAndRestoreTest.sha256(dump)).isEqualTo(manifest.get("artifacts").get(1).get("sha256").asText());

        String target = "gzip_restored_" + UUID.randomUUID().toString().substring(0, 8);
        RestoreRequested restore = Jobs.restore(instance, point,
                Jobs.newDatabase(target));
        Jobs.send(mapper, restore);
        JsonPath job = Jobs.awaitStatus(restore.jobId(), "COMPLETED");
        assertThat(job.getList("subTasks.status")).containsOnly("COMPLETED");
        assertThat(SourceDatabases.fingerprint(target)).isEqualTo(SourceDatabases.fingerprint(source));
    }
}
