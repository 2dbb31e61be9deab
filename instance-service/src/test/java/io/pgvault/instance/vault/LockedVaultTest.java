package io.pgvault.instance.vault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.testinfra.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A locked vault after a restart whose config asks for DISABLED: still locked, and nothing lowers it. */
@QuarkusTest
@TestProfile(LockedVault.class)
@ExtendWith(AsAdmin.class)
class LockedVaultTest {

    @Test
    void aRestartWithDisabledInConfigKeepsTheLock() {
        given().get("/api/v1/vault").then().statusCode(200)
                .body("immutability", equalTo("LOCKED"))
                .body("lockedAt", notNullValue())
                .body("minRetention", equalTo("P7D"));
        // start-up with DISABLED in config changed nothing: no change by config in the vault's log
        given().get("/api/v1/vault/activity").then().statusCode(200)
                .body("actor", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("config")));
    }

    @Test
    void noRequestLowersTheLockOrItsBoundsAndNothingChanges() {
        for (String lower : new String[] {"DISABLED", "ENABLED"}) {
            given().contentType(ContentType.JSON).body(Map.of("immutability", lower)).put("/api/v1/vault").then()
                    .statusCode(409).contentType("application/problem+json")
                    .body("setting", equalTo("immutability")).body("immutability", equalTo("LOCKED"))
                    .body("detail", containsString("cannot go back from LOCKED"));
        }
        given().contentType(ContentType.JSON).body(Map.of("minRetention", "P1D")).put("/api/v1/vault").then()
                .statusCode(409).body("setting", equalTo("minRetention"));
        given().contentType(ContentType.JSON).body(Map.of("softDeleteGracePeriod", "P14D")).put("/api/v1/vault")
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("softDeleteGracePeriod", "P30D")).put("/api/v1/vault")
                .then().statusCode(200).body("softDeleteGracePeriod", equalTo("P30D"));
        given().contentType(ContentType.JSON).body(Map.of("softDeleteGracePeriod", "P20D")).put("/api/v1/vault")
                .then().statusCode(409).body("setting", equalTo("softDeleteGracePeriod"));
        given().get("/api/v1/vault").then().body("immutability", equalTo("LOCKED"))
                .body("softDeleteGracePeriod", equalTo("P30D")).body("minRetention", equalTo("P7D"));
    }

    @Test
    void theDatabaseItselfRefusesToUnlock() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl(LockedVault.DATABASE), TestInfra.pgUser(),
                TestInfra.pgPassword())) {
            assertThatThrownBy(() -> c.createStatement().executeUpdate(
                    "update vault_settings set immutability = 'DISABLED'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("the vault is locked");
            c.createStatement().executeUpdate("delete from vault_settings");
            var rs = c.createStatement().executeQuery("select immutability from vault_settings");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("LOCKED");
        }
    }

    @Test
    void underTheLockAPolicyRuleBelowItsMinimumRetentionIsRefused() {
        Map<String, Object> body = new java.util.HashMap<>(Api.policyBody(Api.unique("short"), "R/2026-01-01T02:00:00Z/P1D"));
        body.put("defaultRetention", "P1D");
        given().contentType(ContentType.JSON).body(body).post("/api/v1/backup-policies").then().statusCode(400)
                .body("errors.message", org.hamcrest.Matchers.hasItem(containsString("minimum retention")));
    }
}
