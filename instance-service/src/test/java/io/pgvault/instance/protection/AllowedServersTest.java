package io.pgvault.instance.protection;

import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.instance.identity.Identity;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.instance.AsAdmin;
import org.junit.jupiter.api.extension.ExtendWith;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.instance.Api;
import io.pgvault.instance.Commands;
import io.pgvault.instance.retention.RetentionServiceMock;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Restores go only to servers the operator allows (the instance's own host db1.internal, and in tests
 * {@code pgvault.instance.restore.allowed-targets=db2.internal,10.20.0.0/16}); a protected server is never a
 * Unix-domain socket path unless allowed.
 */
@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
@QuarkusTestResource(RetentionServiceMock.class)
class AllowedServersTest {

    private static Map<String, Object> database(String host, String sslMode) {
        Map<String, Object> target = new HashMap<>(Map.of("type", "DATABASE", "host", host, "port", 5432,
                "username", "restorer", "database", "orders_copy"));
        if (sslMode != null) {
            target.put("sslMode", sslMode);
        }
        return target;
    }

    @Test
    void aRestoreToAHostOutsideTheAllowedListIsRefusedNamingTheSettingAndPublishesNothing() {
        UUID instance = Api.protect(Api.createPolicy());
        UUID point = RetentionServiceMock.put(instance, "LIVE");
        for (String host : List.of("db3.internal", "127.0.0.1", "localhost", "10.21.0.1", "db2.internal.evil.example",
                "/var/run/postgresql")) {
            Api.post(instance, "restore", Map.of("recoveryPointId", point.toString(), "target", database(host, null)))
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("target.host"))
                    .body("errors[0].message", containsString("pgvault.instance.restore.allowed-targets"))
                    .body("detail", containsString("db1.internal"))
                    .body("setting", equalTo("pgvault.instance.restore.allowed-targets"));
        }
        // No job and no message: the next command of the instance is the first one on the topic.
        Api.post(instance, "backup", null).statusCode(202);
        Commands.await(instance, BackupRequested.class, 1);
        assertThat(Commands.typesOf(instance)).containsExactly("BackupRequested");
    }

    @Test
    void theInstancesOwnHostAndListedHostsAndBlocksAreAllowedAndTheTargetsSslModeGoesToJobService() {
        UUID instance = Api.protect(Api.createPolicy());
        UUID point = RetentionServiceMock.put(instance, "LIVE");
        Api.post(instance, "restore", Map.of("recoveryPointId", point.toString(), "target",
                database("DB1.internal", "verify-full"))).statusCode(202);
        Api.post(instance, "restore", Map.of("recoveryPointId", point.toString(), "target",
                database("db2.internal", "require"))).statusCode(202);
        Api.post(instance, "restore", Map.of("recoveryPointId", point.toString(), "target",
                database("10.20.3.4", null))).statusCode(202);

        List<JsonNode> commands = Commands.await(instance, RestoreRequested.class, 3);
        assertThat(commands).extracting(c -> c.path("target").path("host").asText())
                .containsExactly("DB1.internal", "db2.internal", "10.20.3.4");
        assertThat(commands).extracting(c -> c.path("target").path("sslMode").isNull() ? null
                        : c.path("target").path("sslMode").asText())
                .containsExactly("verify-full", "require", null);
    }

    @Test
    void aTargetSslModeOtherThanRequireOrVerifyFullIsRefusedByName() {
        UUID instance = Api.protect(Api.createPolicy());
        UUID point = RetentionServiceMock.put(instance, "LIVE");
        Api.post(instance, "restore", Map.of("recoveryPointId", point.toString(), "target",
                        database("db2.internal", "disable")))
                .statusCode(400).body("errors[0].field", equalTo("target.sslMode"))
                .body("errors[0].message", containsString("require or verify-full"));
    }

    @Test
    void aSocketPathSourceIsRefusedAtProtectNamingTheSetting() {
        UUID policy = Api.createPolicy();
        for (String host : List.of("/var/run/postgresql", "@pgvault")) {
            Map<String, Object> body = new HashMap<>(Api.protectBody(Api.unique("socket"), policy));
            body.put("datasource", Map.of("host", host, "port", 5432, "username", "backup"));
            given().contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/backup-instances")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("datasource.host"))
                    .body("errors[0].message", containsString("pgvault.instance.allow-unix-socket-sources"));
        }
    }
}
