package io.pgvault.retention.impact;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pgvault.contracts.common.Immutability;
import io.pgvault.contracts.common.StopMode;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.ProtectionResumed;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.platform.security.Roles;
import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.retention.support.Vault;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Preview and reality side by side: preview an action, take it, then move the clock through every date the
 * preview gave (a second before and after each), sweep at each, and check every point's state against what the
 * preview said it would be then; a soft-deleted point's deletion time too.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class ImpactPreviewTest extends RetentionTestBase {

    private static final Duration GRACE = Duration.ofDays(14);

    /** One point of a preview, as the JSON says. */
    private record Predicted(UUID id, String outcome, Instant date, Instant deletableFrom, Instant purgeAt,
            boolean changed, String summary) {
    }

    private static Instant instant(Object text) {
        return text == null ? null : Instant.parse(text.toString());
    }

    private static Map<UUID, Predicted> points(JsonPath preview, UUID instance) {
        Map<UUID, Predicted> byId = new LinkedHashMap<>();
        List<Map<String, Object>> list = preview.getList("points");
        for (Map<String, Object> p : list) {
            if (!instance.toString().equals(p.get("instanceId"))) {
                continue;
            }
            UUID id = UUID.fromString((String) p.get("recoveryPointId"));
            byId.put(id, new Predicted(id, (String) p.get("outcome"), instant(p.get("date")),
                    instant(p.get("deletableFrom")), instant(p.get("purgeAt")), Boolean.TRUE.equals(p.get("changed")),
                    (String) p.get("summary")));
        }
        return byId;
    }

    private static JsonPath preview(UUID instance, String action, String mode) {
        var request = given().queryParam("action", action);
        if (mode != null) {
            request.queryParam("mode", mode);
        }
        return request.get("/api/v1/backup-instances/{id}/impact", instance).then().statusCode(200).extract()
                .jsonPath();
    }

    /** A backup taken {@code ago} before now, kept {@code rule} (e.g. P1D). */
    private UUID backup(UUID instance, Duration ago, String rule) {
        return Backups.backup(root(), instance, CLOCK.instant().minus(ago), Backups.policy("rule-" + rule, 1, rule));
    }

    /**
     * Walks the clock through the preview's dates and checks each point at each sweep. A point the sweep deletes
     * is expected PURGED a grace period after the sweep that deleted it.
     */
    private void holdsTrue(Map<UUID, Predicted> predicted, Duration grace) {
        Map<UUID, Instant> sweptAt = new HashMap<>();
        TreeSet<Instant> marks = new TreeSet<>();
        Instant start = CLOCK.instant();
        for (Predicted p : predicted.values()) {
            for (Instant at : new Instant[] {p.deletableFrom(), p.purgeAt()}) {
                if (at != null && at.isAfter(start)) {
                    marks.add(at.minusSeconds(1));
                    marks.add(at.plusSeconds(1));
                }
            }
        }
        marks.add(start);
        while (!marks.isEmpty()) {
            Instant t = marks.pollFirst();
            if (t.isAfter(CLOCK.instant())) {
                CLOCK.set(t);
            }
            sweep();
            for (Predicted p : predicted.values()) {
                String expected = expected(p, t, sweptAt, grace, marks);
                assertThat(Backups.state(p.id())).as("point %s (%s) at %s", p.id(), p.summary(), t).isEqualTo(expected);
            }
        }
    }

    private static String expected(Predicted p, Instant t, Map<UUID, Instant> sweptAt, Duration grace,
            TreeSet<Instant> marks) {
        switch (p.outcome()) {
            case "SOFT_DELETED_NOW", "STAYS_SOFT_DELETED" -> {
                return t.isBefore(p.purgeAt()) ? "DELETED" : "PURGED";
            }
            default -> {
                if (p.deletableFrom() == null || t.isBefore(p.deletableFrom())) {
                    return "LIVE";
                }
                Instant deleted = sweptAt.computeIfAbsent(p.id(), k -> {
                    marks.add(t.plus(grace).minusSeconds(1));
                    marks.add(t.plus(grace).plusSeconds(1));
                    return t;
                });
                return t.isBefore(deleted.plus(grace)) ? "DELETED" : "PURGED";
            }
        }
    }

    private static void awaitHoldCount(UUID point, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/api/v1/recovery-points/{id}", point).<List<?>>path("holds").size() == count);
    }

    @Test
    void stopRetainAsPerPolicyDoesWhatItsPreviewSaid() {
        UUID instance = UUID.randomUUID();
        UUID expired = backup(instance, Duration.ofDays(3), "P1D");
        UUID month = backup(instance, Duration.ofHours(2), "P30D");
        UUID newest = backup(instance, Duration.ofHours(1), "P1D");

        JsonPath preview = preview(instance, "STOP_PROTECTION", "RETAIN_AS_PER_POLICY");
        Map<UUID, Predicted> predicted = points(preview, instance);
        assertThat(predicted.get(newest).outcome()).isEqualTo("GETS_HOLD_LATEST");
        assertThat(predicted.get(expired).outcome()).isEqualTo("DELETED_AT_FIRST_SWEEP_AFTER");
        assertThat(predicted.get(month).outcome()).isEqualTo("KEPT");
        assertThat(preview.getString("action")).isEqualTo("stop-protection (RETAIN_AS_PER_POLICY)");
        assertThat(preview.getList("totals.outcome")).contains("GETS_HOLD_LATEST", "KEPT",
                "DELETED_AT_FIRST_SWEEP_AFTER");
        // the preview changed nothing
        assertThat(given().get("/api/v1/recovery-points/{id}", newest).<List<?>>path("holds")).isEmpty();

        Backups.send(new ProtectionStopped(UUID.randomUUID(), instance, CLOCK.instant(),
                StopMode.RETAIN_AS_PER_POLICY, "migrating", null));
        awaitHoldCount(newest, 1);
        given().get("/api/v1/recovery-points/{id}", newest).then().body("holds[0].kind", equalTo("LATEST"));
        holdsTrue(predicted, GRACE);
    }

    @Test
    void stopRetainForeverThenResumeDoWhatTheirPreviewsSaid() {
        UUID instance = UUID.randomUUID();
        UUID expiresSoon = backup(instance, Duration.ofHours(20), "P1D");
        UUID longer = backup(instance, Duration.ofHours(10), "P2D");
        UUID newest = backup(instance, Duration.ofHours(1), "P1D");

        Map<UUID, Predicted> stop = points(preview(instance, "STOP_PROTECTION", "RETAIN_FOREVER"), instance);
        assertThat(stop.values()).allMatch(p -> p.outcome().equals("KEPT") && p.deletableFrom() == null);
        Backups.send(new ProtectionStopped(UUID.randomUUID(), instance, CLOCK.instant(), StopMode.RETAIN_FOREVER,
                "migrating", null));
        for (UUID p : List.of(expiresSoon, longer, newest)) {
            awaitHoldCount(p, 1);
        }
        holdsTrue(stop, GRACE);
        CLOCK.advance(Duration.ofDays(3)); // every point's retention has passed; the holds keep them
        sweep();

        Map<UUID, Predicted> resume = points(preview(instance, "RESUME_PROTECTION", null), instance);
        assertThat(resume.get(expiresSoon).outcome()).isEqualTo("DELETED_AT_FIRST_SWEEP_AFTER");
        assertThat(resume.get(longer).outcome()).isEqualTo("DELETED_AT_FIRST_SWEEP_AFTER");
        assertThat(resume.get(newest).outcome()).isEqualTo("KEPT"); // the floor
        Backups.send(new ProtectionResumed(UUID.randomUUID(), instance, CLOCK.instant(), Backups.daily()));
        awaitHoldCount(newest, 0);
        holdsTrue(resume, GRACE);
    }

    @Test
    void stopDeleteDataDoesWhatItsPreviewSaid() {
        UUID instance = UUID.randomUUID();
        backup(instance, Duration.ofHours(3), "P30D");
        UUID newest = backup(instance, Duration.ofHours(1), "P1D");

        Map<UUID, Predicted> predicted = points(preview(instance, "STOP_PROTECTION", "DELETE_DATA"), instance);
        assertThat(predicted.values()).allMatch(p -> p.outcome().equals("SOFT_DELETED_NOW"));
        Instant now = CLOCK.instant();
        Backups.send(new ProtectionStopped(UUID.randomUUID(), instance, now, StopMode.DELETE_DATA, "migrating", null));
        Backups.awaitState(newest, "DELETED");
        for (Predicted p : predicted.values()) {
            Instant deletedAt = instant(given().get("/api/v1/recovery-points/{id}", p.id()).path("deletedAt"));
            assertThat(deletedAt.plus(GRACE)).isEqualTo(p.purgeAt());
        }
        holdsTrue(predicted, GRACE);
    }

    @Test
    void deletingTheInstanceDoesWhatItsPreviewSaidWithItsAlreadyDeletedPoints() {
        UUID instance = UUID.randomUUID();
        UUID expired = backup(instance, Duration.ofDays(3), "P1D");
        backup(instance, Duration.ofHours(1), "P1D");
        sweep(); // the expired one is soft-deleted already
        assertThat(Backups.state(expired)).isEqualTo("DELETED");

        Map<UUID, Predicted> predicted = points(preview(instance, "DELETE", null), instance);
        assertThat(predicted.get(expired).outcome()).isEqualTo("STAYS_SOFT_DELETED");
        assertThat(predicted.values()).filteredOn(p -> !p.id().equals(expired))
                .allMatch(p -> p.outcome().equals("SOFT_DELETED_NOW"));
        Backups.send(new InstanceDeleted(UUID.randomUUID(), instance, CLOCK.instant(), "db", "server retired", null));
        Vault.awaitDeletionRequested(instance);
        holdsTrue(predicted, GRACE);
    }

    @Test
    void unpinAndUndeleteDoWhatTheirPreviewsSaid() {
        UUID instance = UUID.randomUUID();
        UUID pinned = backup(instance, Duration.ofDays(3), "P1D");
        UUID gone = backup(instance, Duration.ofDays(2), "P1D");
        UUID newest = backup(instance, Duration.ofHours(1), "P7D");
        given().post("/api/v1/recovery-points/{id}/pin", pinned).then().statusCode(200);
        sweep();
        assertThat(Backups.state(gone)).isEqualTo("DELETED");

        JsonPath undelete = given().queryParam("preview", true).post("/api/v1/recovery-points/{id}/undelete", gone)
                .then().statusCode(200).extract().jsonPath();
        assertThat(Backups.state(gone)).isEqualTo("DELETED"); // a preview changes nothing
        Map<UUID, Predicted> afterUndelete = points(undelete, instance);
        assertThat(afterUndelete.get(gone).outcome()).isEqualTo("KEPT");
        assertThat(afterUndelete.get(gone).changed()).isTrue();
        given().post("/api/v1/recovery-points/{id}/undelete", gone).then().statusCode(200);

        JsonPath unpin = given().queryParam("preview", true).delete("/api/v1/recovery-points/{id}/pin", pinned)
                .then().statusCode(200).extract().jsonPath();
        Map<UUID, Predicted> afterUnpin = points(unpin, instance);
        assertThat(afterUnpin.get(pinned).outcome()).isEqualTo("DELETED_AT_FIRST_SWEEP_AFTER");
        assertThat(afterUnpin.get(newest).outcome()).isEqualTo("KEPT");
        assertThat(given().get("/api/v1/recovery-points/{id}", pinned).<List<?>>path("holds")).hasSize(1);
        given().delete("/api/v1/recovery-points/{id}/pin", pinned).then().statusCode(200);
        holdsTrue(afterUnpin, GRACE);
    }

    @Test
    void aShorterGracePeriodPurgesWhenItsPreviewSaid() {
        UUID instance = UUID.randomUUID();
        UUID expired = backup(instance, Duration.ofDays(3), "P1D");
        backup(instance, Duration.ofHours(1), "P30D");
        sweep();
        try {
            JsonPath preview = given().queryParam("gracePeriod", "P7D").get("/api/v1/vault/impact").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(preview.getString("gracePeriod")).isEqualTo("P7D");
            Map<UUID, Predicted> predicted = points(preview, instance);
            assertThat(predicted.get(expired).outcome()).isEqualTo("STAYS_SOFT_DELETED");
            assertThat(predicted.get(expired).changed()).isTrue();
            Vault.set(Immutability.DISABLED, "P7D");
            holdsTrue(predicted, Duration.ofDays(7));
        } finally {
            Vault.set(Immutability.DISABLED, "P14D");
        }
    }

    @Test
    void previewsNameTheFieldTheyCannotReadAndNeedTheirRoles() {
        UUID instance = UUID.randomUUID();
        given().queryParam("action", "STOP_PROTECTION").get("/api/v1/backup-instances/{id}/impact", instance)
                .then().statusCode(400).contentType("application/problem+json").body(containsString("mode"));
        given().queryParam("action", "EXPLODE").get("/api/v1/backup-instances/{id}/impact", instance)
                .then().statusCode(400).body(containsString("action"));
        given().queryParam("gracePeriod", "two weeks").get("/api/v1/vault/impact")
                .then().statusCode(400).body(containsString("gracePeriod"));
        given().auth().oauth2(TestTokens.forRoles("someone", Roles.READER)).queryParam("action", "DELETE")
                .get("/api/v1/backup-instances/{id}/impact", instance).then().statusCode(403);
        given().auth().oauth2(TestTokens.forRoles("someone", Roles.OPERATOR)).queryParam("preview", true)
                .post("/api/v1/recovery-points/{id}/undelete", UUID.randomUUID()).then().statusCode(403);
        given().queryParam("preview", true).post("/api/v1/recovery-points/{id}/undelete", UUID.randomUUID())
                .then().statusCode(404);
    }

}
