package io.pgvault.retention.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class DriftTest extends RetentionTestBase {

    @Inject
    StoreDrift drift;

    private DriftReport repair() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> drift.repair());
    }

    @Test
    void pointsWhoseFilesAreGoneAreFlaggedAndOrphanDirectoriesGoAfterTheGracePeriod() throws Throwable {
        UUID instance = UUID.randomUUID();
        UUID lost = Backups.backup(root(), instance, CLOCK.instant(), Backups.policy("month", 1, "P30D"));
        store.deletePoint(instance, lost);
        UUID orphan = UUID.randomUUID();
        Path orphanDir = Files.createDirectories(root().resolve(instance.toString()).resolve(orphan.toString()));
        Files.writeString(orphanDir.resolve("db-1.dump"), "left behind by a crashed backup");
        Path partial = Files.createDirectories(root().resolve(instance.toString()).resolve(".partial-" + UUID.randomUUID()));

        given().get("/api/v1/retention/drift").then().statusCode(200)
                .body("orphans.directory", hasItem(orphan.toString()))
                .body("missingFiles.recoveryPointId", hasItem(lost.toString()));
        given().get("/api/v1/recovery-points/{id}", lost).then().body("filesMissing", equalTo(false));

        Instant moved = CLOCK.instant();
        CLOCK.set(Instant.now());
        try {
            repair();
            given().get("/api/v1/recovery-points/{id}", lost).then().body("filesMissing", equalTo(true));
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("pgvault_retention_points_files_missing"))
                    .body(containsString("pgvault_retention_store_orphans"));
            assertThat(orphanDir).exists();

            CLOCK.set(Instant.now().plus(Duration.ofDays(15)));
            repair();
            assertThat(orphanDir).doesNotExist();
            assertThat(partial).exists();
            given().get("/api/v1/retention/drift").then()
                    .body("orphans.directory", not(hasItem(orphan.toString())));
        } finally {
            CLOCK.set(moved.isAfter(CLOCK.instant()) ? moved : CLOCK.instant());
        }
    }
}
