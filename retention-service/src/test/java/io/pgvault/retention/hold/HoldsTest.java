package io.pgvault.retention.hold;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class HoldsTest extends RetentionTestBase {

    /** Two daily points; answers the older one, which is above the floor. */
    private UUID olderOfTwo(UUID instance, Instant at) {
        UUID older = Backups.backup(root(), instance, at, Backups.daily());
        Backups.backup(root(), instance, at.plusSeconds(1), Backups.daily());
        return older;
    }

    private static String restoreHold(UUID instance, String owner, int leaseSeconds) {
        return """
                {"kind":"RESTORE","owner":"%s","instanceId":"%s","leaseSeconds":%d}""".formatted(owner, instance,
                leaseSeconds);
    }

    @Test
    void aPinKeepsAnExpiredPointUntilUnpinned() {
        UUID instance = UUID.randomUUID();
        UUID point = olderOfTwo(instance, CLOCK.instant());

        given().post("/api/v1/recovery-points/{id}/pin", point).then().statusCode(200)
                .body("holds", hasSize(1)).body("holds[0].kind", equalTo("PIN")).body("holds[0].owner", equalTo("user"));
        given().post("/api/v1/recovery-points/{id}/pin", point).then().statusCode(200).body("holds", hasSize(1));
        CLOCK.advance(Duration.ofDays(2));
        sweep();
        given().get("/api/v1/recovery-points/{id}", point).then()
                .body("state", equalTo("LIVE"))
                .body("explanation.verdict", equalTo("KEPT"))
                .body("explanation.earliestDeletionAt", equalTo(null));

        given().delete("/api/v1/recovery-points/{id}/pin", point).then().statusCode(200)
                .body("holds", hasSize(0)).body("explanation.verdict", equalTo("DELETABLE"));
        sweep();
        assertThat(Backups.state(point)).isEqualTo("DELETED");
        given().post("/api/v1/recovery-points/{id}/pin", point).then().statusCode(409)
                .body("currentState", equalTo("DELETED"));
    }

    @Test
    void unpinAlsoWorksAsAPost() {
        UUID instance = UUID.randomUUID();
        UUID point = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        given().post("/api/v1/recovery-points/{id}/pin", point).then().statusCode(200);
        given().post("/api/v1/recovery-points/{id}/unpin", point).then().statusCode(200).body("holds", hasSize(0));
    }

    @Test
    void extendMovesTheExpiryLaterButNeverBelowTheBirthExpiry() {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        UUID point = olderOfTwo(instance, t0);
        Instant birth = t0.plus(1, ChronoUnit.DAYS);
        Instant later = t0.plus(10, ChronoUnit.DAYS);

        given().contentType(ContentType.JSON).body(Map.of("expiresAt", later.toString()))
                .post("/api/v1/recovery-points/{id}/extend", point).then().statusCode(200)
                .body("expiresAt", equalTo(later.toString()))
                .body("explanation.birthExpiresAt", equalTo(birth.toString()))
                .body("explanation.extended", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("expiresAt", t0.plus(12, ChronoUnit.HOURS).toString()))
                .post("/api/v1/recovery-points/{id}/extend", point).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("expiresAt"));
        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/recovery-points/{id}/extend", point).then().statusCode(400)
                .body("errors[0].field", equalTo("expiresAt"));
        given().get("/api/v1/recovery-points/{id}", point).then().body("expiresAt", equalTo(later.toString()));

        CLOCK.set(t0.plus(2, ChronoUnit.DAYS));
        sweep();
        assertThat(Backups.state(point)).isEqualTo("LIVE");
        CLOCK.set(later);
        sweep();
        assertThat(Backups.state(point)).isEqualTo("DELETED");
        given().contentType(ContentType.JSON).body(Map.of("expiresAt", later.plus(1, ChronoUnit.DAYS).toString()))
                .post("/api/v1/recovery-points/{id}/extend", point).then().statusCode(409)
                .body("currentState", equalTo("DELETED"));
    }

    @Test
    void aRestoreHoldKeepsAnExpiredPointUntilReleased() {
        UUID instance = UUID.randomUUID();
        UUID point = olderOfTwo(instance, CLOCK.instant());
        CLOCK.advance(Duration.ofDays(2));
        Instant now = CLOCK.instant();

        var taken = asService().contentType(ContentType.JSON).body(restoreHold(instance, "job-42", 300))
                .post("/api/v1/recovery-points/{id}/holds", point).then().statusCode(201)
                .header("Location", endsWith("/api/v1/recovery-points/" + point + "/holds/"
                        + given().get("/api/v1/recovery-points/{id}", point).path("holds[0].id")))
                .body("id", notNullValue())
                .body("recoveryPointId", equalTo(point.toString()))
                .body("kind", equalTo("RESTORE"))
                .body("owner", equalTo("job-42"))
                .body("leaseExpiresAt", equalTo(now.plusSeconds(300).toString()))
                .extract();
        String holdId = taken.path("id");

        sweep();
        assertThat(Backups.state(point)).isEqualTo("LIVE");

        CLOCK.advance(Duration.ofSeconds(200));
        asService().post("/api/v1/recovery-points/{id}/holds/{holdId}/renew", point, holdId).then().statusCode(200)
                .body("leaseExpiresAt", equalTo(CLOCK.instant().plusSeconds(300).toString()));
        CLOCK.advance(Duration.ofSeconds(200));
        sweep();
        assertThat(Backups.state(point)).isEqualTo("LIVE");

        asService().delete("/api/v1/recovery-points/{id}/holds/{holdId}", point, holdId).then().statusCode(204);
        asService().delete("/api/v1/recovery-points/{id}/holds/{holdId}", point, holdId).then().statusCode(204);
        sweep();
        assertThat(Backups.state(point)).isEqualTo("DELETED");
    }

    @Test
    void aRestoreHoldWhoseLeaseRunsOutStopsHolding() {
        UUID instance = UUID.randomUUID();
        UUID point = olderOfTwo(instance, CLOCK.instant());
        CLOCK.advance(Duration.ofDays(2));
        String holdId = asService().contentType(ContentType.JSON).body(restoreHold(instance, "crashed-job", 60))
                .post("/api/v1/recovery-points/{id}/holds", point).then().statusCode(201).extract().path("id");
        sweep();
        assertThat(Backups.state(point)).isEqualTo("LIVE");

        CLOCK.advance(Duration.ofSeconds(61));
        given().get("/api/v1/recovery-points/{id}", point).then().body("holds[0].active", equalTo(false));
        sweep();
        assertThat(Backups.state(point)).isEqualTo("DELETED");
        asService().post("/api/v1/recovery-points/{id}/holds/{holdId}/renew", point, holdId).then().statusCode(409)
                .body("currentState", equalTo("DELETED"));
    }

    @Test
    void restoreHoldRequestsAreChecked() {
        UUID instance = UUID.randomUUID();
        UUID point = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());

        asService().contentType(ContentType.JSON).body(restoreHold(instance, "job", 300))
                .post("/api/v1/recovery-points/{id}/holds", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        asService().contentType(ContentType.JSON).body(restoreHold(UUID.randomUUID(), "job", 300))
                .post("/api/v1/recovery-points/{id}/holds", point).then().statusCode(409)
                .contentType("application/problem+json");
        asService().contentType(ContentType.JSON).body("""
                {"kind":"PIN","owner":"job","instanceId":"%s"}""".formatted(instance))
                .post("/api/v1/recovery-points/{id}/holds", point).then().statusCode(400)
                .body("errors[0].field", equalTo("kind"));
        asService().contentType(ContentType.JSON).body("""
                {"kind":"RESTORE","instanceId":"%s"}""".formatted(instance))
                .post("/api/v1/recovery-points/{id}/holds", point).then().statusCode(400)
                .body("errors[0].field", equalTo("owner"));
        asService().post("/api/v1/recovery-points/{id}/holds/{holdId}/renew", point, UUID.randomUUID()).then()
                .statusCode(404);
        given().get("/api/v1/recovery-points/{id}", point).then().body("holds", hasSize(0));
    }
}
