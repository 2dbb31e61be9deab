package io.pgvault.retention.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.pgvault.contracts.job.JobSucceeded;
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
import java.time.temporal.ChronoUnit;
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

    @Test
    void aCompletePointWhoseJobSucceededWasLostIsReportedUncatalogedNeverRemovedAndReCatalogedWithItsBirthRetention()
            throws Throwable {
        UUID instance = UUID.randomUUID();
        Instant finished = CLOCK.instant();
        JobSucceeded lost = Backups.succeeded(root(), instance, finished, Backups.policy("month", 1, "P30D")); // never sent
        UUID point = lost.recoveryPointId();
        Path dir = root().resolve(instance.toString()).resolve(point.toString());
        UUID incomplete = UUID.randomUUID();
        Path incompleteDir = Files.createDirectories(root().resolve(instance.toString()).resolve(incomplete.toString()));
        Files.writeString(incompleteDir.resolve("db-1.dump"), "an upload that never got its manifest");

        given().get("/api/v1/retention/drift").then().statusCode(200)
                .body("uncataloged.recoveryPointId", hasItem(point.toString()))
                .body("uncataloged.find { it.recoveryPointId == '" + point + "' }.jobId", equalTo(lost.jobId().toString()))
                .body("uncataloged.find { it.recoveryPointId == '" + point + "' }.policyKnown", equalTo(true))
                .body("orphans.directory", not(hasItem(point.toString())))
                .body("orphans.directory", hasItem(incomplete.toString()));

        Instant moved = CLOCK.instant();
        CLOCK.set(Instant.now().plus(Duration.ofDays(15))); // past the grace period
        try {
            repair();
            assertThat(dir).as("a complete point is never removed as an orphan").exists();
            assertThat(dir.resolve("manifest.json")).exists();
            assertThat(incompleteDir).as("an incomplete upload is").doesNotExist();
        } finally {
            CLOCK.set(moved.isAfter(CLOCK.instant()) ? moved : CLOCK.instant());
        }

        given().post("/api/v1/retention/drift/uncataloged/{id}/recatalog", point).then().statusCode(200)
                .body("id", equalTo(point.toString()))
                .body("jobId", equalTo(lost.jobId().toString()))
                .body("state", equalTo("LIVE"))
                .body("policyName", equalTo("month"));
        String expiresAt = given().get("/api/v1/recovery-points/{id}", point).then().statusCode(200)
                .extract().path("birthExpiresAt");
        assertThat(Instant.parse(expiresAt)).as("born with its policy's retention, from the finish time")
                .isEqualTo(lost.finishedAt().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MICROS)); // PostgreSQL keeps µs
        given().get("/api/v1/retention/drift").then()
                .body("uncataloged.recoveryPointId", not(hasItem(point.toString())));
        given().post("/api/v1/retention/drift/uncataloged/{id}/recatalog", point).then().statusCode(200)
                .body("id", equalTo(point.toString()));
        given().post("/api/v1/retention/drift/uncataloged/{id}/recatalog", UUID.randomUUID()).then().statusCode(404)
                .body("detail", containsString("does not exist"));
    }
}
