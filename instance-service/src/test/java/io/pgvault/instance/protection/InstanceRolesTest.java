package io.pgvault.instance.protection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.Commands;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.instance.retention.RetentionServiceMock;
import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may do what to a backup instance, with real tokens of each role: a refused action answers 403
 * problem+json naming the role it needs and changes nothing (no activity entry, no command in the
 * outbox); an allowed one records the token's subject as its actor and as the command's requestedBy.
 * Set-up (policies, instances) runs as the default admin ({@link AsAdmin}).
 */
@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
@QuarkusTestResource(RetentionServiceMock.class)
class InstanceRolesTest {

    private static final String INSTANCES = "/api/v1/backup-instances";
    private static final String READER = "rita-reader";
    private static final String OPERATOR = "oscar-operator";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aReaderCanListAndReadButNotBackUp() {
        UUID instance = Api.protect(Api.createPolicy());
        String reader = TestTokens.forRoles(READER, Roles.READER);

        as(reader).queryParam("nameContains", instance.toString()).get(INSTANCES).then().statusCode(200);
        as(reader).get(INSTANCES + "/" + instance).then().statusCode(200).body("id", equalTo(instance.toString()));
        as(reader).get(INSTANCES + "/" + instance + "/activity").then().statusCode(200);
        refused(as(reader).post(INSTANCES + "/" + instance + "/backup").then(), Roles.OPERATOR);

        assertThat(actions(instance)).containsExactly("PROTECT");
        assertThat(outboxRows(instance)).isZero();
        Api.get(instance).body("activeBackupJobId", nullValue());
    }

    @Test
    void anOperatorCanStopRetainingButNotDeleteDataNorDeleteTheInstance() {
        String name = Api.unique("ops-db");
        UUID instance = Api.protect(name, Api.createPolicy());
        String operator = TestTokens.forRoles(OPERATOR, Roles.OPERATOR);
        String key = UUID.randomUUID().toString();
        Map<String, Object> deleteData = Map.of("mode", "delete_data", "reason", "DECOMMISSIONED", "confirmName", name);

        refused(as(operator).header("Idempotency-Key", key).contentType(ContentType.JSON).body(deleteData)
                .post(INSTANCES + "/" + instance + "/stop-protection").then(), Roles.ADMIN)
                .body("detail", containsString("DELETE_DATA"));
        refused(as(operator).contentType(ContentType.JSON)
                .body(Map.of("confirmName", name, "reason", "DECOMMISSIONED"))
                .delete(INSTANCES + "/" + instance).then(), Roles.ADMIN);
        refused(as(operator).contentType(ContentType.JSON).body(Map.of("policyId", Api.createPolicy().toString()))
                .post(INSTANCES + "/" + instance + "/change-policy").then(), Roles.ADMIN);
        refused(as(operator).contentType(ContentType.JSON).body(Api.protectBody(Api.unique("ops-new"), Api.createPolicy()))
                .post(INSTANCES).then(), Roles.ADMIN);
        Api.get(instance).body("state", equalTo("PROTECTION_CONFIGURED"));
        assertThat(actions(instance)).containsExactly("PROTECT");
        assertThat(outboxRows(instance)).isZero();

        as(operator).contentType(ContentType.JSON).body(Map.of("mode", "RETAIN_FOREVER", "reason", "COST"))
                .post(INSTANCES + "/" + instance + "/stop-protection").then().statusCode(200)
                .body("state", equalTo("PROTECTION_STOPPED"));
        as(operator).post(INSTANCES + "/" + instance + "/resume-protection").then().statusCode(200)
                .body("state", equalTo("PROTECTION_CONFIGURED"));
        List<Map<String, Object>> activity = given().get(INSTANCES + "/" + instance + "/activity").then().statusCode(200)
                .extract().path("");
        assertThat(activity).extracting(e -> e.get("action"), e -> e.get("actor")).containsExactly(
                tuple("RESUME_PROTECTION", OPERATOR),
                tuple("STOP_PROTECTION", OPERATOR),
                tuple("PROTECT", AsAdmin.SUBJECT));

        // the refused request stored no answer under its key: an admin's request with it runs
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(deleteData)
                .post(INSTANCES + "/" + instance + "/stop-protection").then().statusCode(200)
                .header("Idempotent-Replayed", nullValue())
                .body("state", equalTo("DATA_DELETED"));
    }

    @Test
    void anOperatorsBackupAndRestoreAreRequestedByTheOperator() {
        UUID instance = Api.protect(Api.createPolicy());
        String operator = TestTokens.forRoles(OPERATOR, Roles.OPERATOR);
        UUID point = RetentionServiceMock.put(instance, "LIVE");

        as(operator).post(INSTANCES + "/" + instance + "/backup").then().statusCode(202);
        as(operator).contentType(ContentType.JSON)
                .body(Map.of("recoveryPointId", point.toString(), "target", Map.of("type", "FILES", "directory", "x")))
                .post(INSTANCES + "/" + instance + "/restore").then().statusCode(202);

        JsonNode backup = Commands.await(instance, BackupRequested.class, 1).get(0);
        JsonNode restore = Commands.await(instance, RestoreRequested.class, 1).get(0);
        assertThat(backup.path("requestedBy").asText()).isEqualTo(OPERATOR);
        assertThat(restore.path("requestedBy").asText()).isEqualTo(OPERATOR);
        assertThat(actions(instance)).containsExactly("RESTORE", "BACKUP_NOW", "PROTECT");
    }

    @Test
    void theRestorePreCheckCarriesTheServicesOwnTokenNotTheUsers() throws IOException {
        UUID instance = Api.protect(Api.createPolicy());
        UUID point = RetentionServiceMock.put(instance, "LIVE");
        String operator = TestTokens.forRoles(OPERATOR, Roles.OPERATOR);

        as(operator).contentType(ContentType.JSON)
                .body(Map.of("recoveryPointId", point.toString(), "target", Map.of("type", "FILES", "directory", "x")))
                .post(INSTANCES + "/" + instance + "/restore").then().statusCode(202);

        List<String> sent = RetentionServiceMock.tokensSent(point);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).startsWith("Bearer ").isNotEqualTo("Bearer " + operator);
        JsonNode claims = claims(sent.get(0).substring("Bearer ".length()));
        assertThat(claims.path("sub").asText()).isEqualTo("instance-service");
        assertThat(claims.path("groups")).extracting(JsonNode::asText).containsExactly(Roles.SERVICE);
    }

    @Test
    void aTokenRetentionServiceRefusesIsReplacedOnce() {
        UUID instance = Api.protect(Api.createPolicy());
        UUID point = RetentionServiceMock.refusingTheFirstToken(instance);

        Api.post(instance, "restore", Map.of("recoveryPointId", point.toString(), "target",
                Map.of("type", "FILES", "directory", "x"))).statusCode(202);

        assertThat(RetentionServiceMock.tokensSent(point)).hasSize(2).allMatch(t -> t != null && t.startsWith("Bearer "));
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private static ValidatableResponse refused(ValidatableResponse answer, String role) {
        return answer.statusCode(403).contentType("application/problem+json")
                .body("requiredRoles", equalTo(List.of(role)))
                .body("detail", containsString("needs role " + role));
    }

    private static List<String> actions(UUID instance) {
        return given().get(INSTANCES + "/" + instance + "/activity").then().statusCode(200).extract().path("action");
    }

    private static long outboxRows(UUID instance) {
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl("pgvault_instance"), TestInfra.pgUser(),
                TestInfra.pgPassword());
                PreparedStatement query = c.prepareStatement("select count(*) from outbox where message_key = ?")) {
            query.setString(1, instance.toString());
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode claims(String jwt) throws IOException {
        String payload = jwt.split("\\.")[1];
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }
}
