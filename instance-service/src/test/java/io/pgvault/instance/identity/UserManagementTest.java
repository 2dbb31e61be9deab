package io.pgvault.instance.identity;

import static io.pgvault.instance.identity.Identity.signIn;
import static io.pgvault.instance.identity.Identity.tokenOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
class UserManagementTest {

    /** The admin acting in these tests, by the subject of its token. */
    private static final String ACTOR = "carol-admin";

    private static String admin() {
        return TestTokens.forRoles(ACTOR, Roles.ADMIN);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String password() {
        return "pw-" + UUID.randomUUID();
    }

    private static ExtractableResponse<Response> create(String username, String password, String... roles) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password, "roles", List.of(roles)))
                .when().post("/api/v1/users").then().statusCode(201).extract();
    }

    private static List<Map<String, Object>> activityOf(String userId) {
        return given().auth().oauth2(admin()).queryParam("userId", userId)
                .when().get("/api/v1/user-activity").then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void anAdminCreatesAUserWhoSignsInWithTheRolesGivenAndTheChangeIsAudited() {
        String name = unique("dave");
        String password = password();
        ExtractableResponse<Response> created = create(name, password, Roles.OPERATOR);
        String id = created.path("id");

        assertThat(created.header("Location")).endsWith("/api/v1/users/" + id);
        assertThat(created.<String>path("username")).isEqualTo(name);
        assertThat(created.<List<String>>path("roles")).containsExactly(Roles.OPERATOR);
        assertThat(created.<Boolean>path("enabled")).isTrue();

        String token = tokenOf(name, password);
        given().auth().oauth2(token).when().get("/api/v1/whoami").then()
                .statusCode(200)
                .body("subject", equalTo(name))
                .body("roles", containsInAnyOrder(Roles.OPERATOR, Roles.READER));

        given().auth().oauth2(admin()).when().get("/api/v1/users").then()
                .statusCode(200).body("username", hasItem(name));
        given().auth().oauth2(admin()).when().get("/api/v1/users/" + id).then()
                .statusCode(200).body("username", equalTo(name));
        assertThat(activityOf(id)).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("action", "USER_CREATED").containsEntry("actor", ACTOR)
                    .containsEntry("username", name).containsEntry("userId", id);
            assertThat((String) e.get("detail")).contains(Roles.OPERATOR);
        });
    }

    @Test
    void aDisabledUserCannotSignInUntilEnabledAgain() {
        String name = unique("erin");
        String password = password();
        String id = create(name, password, Roles.READER).path("id");
        tokenOf(name, password);

        given().auth().oauth2(admin()).when().post("/api/v1/users/" + id + "/disable").then()
                .statusCode(200).body("enabled", equalTo(false));
        String refused = signIn(name, password).statusCode(401).extract().body().asString();
        String wrongPassword = signIn(name, "wrong-" + password).statusCode(401).extract().body().asString();
        assertThat(refused).isEqualTo(wrongPassword);

        given().auth().oauth2(admin()).when().post("/api/v1/users/" + id + "/enable").then()
                .statusCode(200).body("enabled", equalTo(true));
        tokenOf(name, password);
        assertThat(activityOf(id)).extracting(e -> e.get("action"))
                .containsExactly("USER_ENABLED", "USER_DISABLED", "USER_CREATED");
    }

    @Test
    void aResetPasswordReplacesTheOldOne() {
        String name = unique("frank");
        String oldPassword = password();
        String newPassword = password();
        String id = create(name, oldPassword, Roles.READER).path("id");

        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("password", newPassword))
                .when().post("/api/v1/users/" + id + "/reset-password").then().statusCode(200);

        signIn(name, oldPassword).statusCode(401);
        tokenOf(name, newPassword);
        assertThat(activityOf(id)).first().satisfies(e -> assertThat(e)
                .containsEntry("action", "PASSWORD_RESET").containsEntry("actor", ACTOR));
    }

    @Test
    void onlyABackupAdminManagesUsers() {
        given().when().get("/api/v1/users").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("requiredRoles", contains(Roles.ADMIN));
        given().auth().oauth2(TestTokens.forRoles("olivia", Roles.OPERATOR)).when().get("/api/v1/users").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("requiredRoles", contains(Roles.ADMIN))
                .body("detail", equalTo("this operation needs role backup-admin; the token has [backup-operator, backup-reader]"));
        given().auth().oauth2(TestTokens.forRoles("job-service", Roles.SERVICE)).contentType(ContentType.JSON)
                .body(Map.of("username", unique("sneaky"), "password", password(), "roles", List.of(Roles.ADMIN)))
                .when().post("/api/v1/users").then()
                .statusCode(403);
        given().auth().oauth2(TestTokens.expired(ACTOR, Roles.ADMIN)).when().get("/api/v1/users").then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
        given().auth().oauth2(TestTokens.token(ACTOR).roles(Roles.ADMIN).audience("another-api").sign())
                .when().get("/api/v1/users").then()
                .statusCode(401);
    }

    @Test
    void aBadUserIsRefusedNamingEachField() {
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("username", "Not Valid!", "password", "short", "roles", List.of(Roles.READER, "root")))
                .when().post("/api/v1/users").then()
                .statusCode(400)
                .body("errors.field", contains("username", "password", "roles[1]"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("username", unique("gina"), "password", password(), "roles", List.of()))
                .when().post("/api/v1/users").then()
                .statusCode(400)
                .body("errors.field", contains("roles"));
    }

    @Test
    void aTakenNameIsAConflict() {
        String name = unique("hank");
        create(name, password(), Roles.READER);
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("username", name.toUpperCase(), "password", password(), "roles", List.of(Roles.READER)))
                .when().post("/api/v1/users").then()
                .statusCode(409);
    }

    @Test
    void theLastEnabledAdminCannotBeDisabled() {
        String lastId = create(unique("ivy"), password(), Roles.ADMIN).path("id");
        List<String> others = given().auth().oauth2(admin()).when().get("/api/v1/users").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("$").stream()
                .filter(u -> Boolean.TRUE.equals(u.get("enabled")) && ((List<?>) u.get("roles")).contains(Roles.ADMIN))
                .map(u -> (String) u.get("id"))
                .filter(id -> !id.equals(lastId))
                .toList();
        try {
            others.forEach(id -> given().auth().oauth2(admin()).post("/api/v1/users/" + id + "/disable").then().statusCode(200));

            given().auth().oauth2(admin()).when().post("/api/v1/users/" + lastId + "/disable").then()
                    .statusCode(409)
                    .body("detail", startsWith("user ivy-"));
        } finally {
            others.forEach(id -> given().auth().oauth2(admin()).post("/api/v1/users/" + id + "/enable").then().statusCode(200));
        }
    }

    @Test
    void passwordsAreNeverAnsweredLoggedOrStoredInClear() throws SQLException {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        String name = unique("jane");
        String password = password();
        String newPassword = password();
        List<String> answers = new ArrayList<>();
        try {
            ExtractableResponse<Response> created = create(name, password, Roles.READER);
            String id = created.path("id");
            answers.add(created.body().asString());
            answers.add(signIn(name, password).statusCode(200).extract().body().asString());
            answers.add(signIn(name, "wrong-" + password).statusCode(401).extract().body().asString());
            answers.add(given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("password", newPassword))
                    .post("/api/v1/users/" + id + "/reset-password").then().statusCode(200).extract().body().asString());
            answers.add(given().auth().oauth2(admin()).get("/api/v1/users").then().extract().body().asString());
            answers.add(given().auth().oauth2(admin()).get("/api/v1/user-activity").then().extract().body().asString());
        } finally {
            root.removeHandler(capture);
        }

        assertThat(answers).noneMatch(a -> a.contains(password) || a.contains(newPassword) || a.contains("pbkdf2"));
        assertThat(logged).isNotEmpty().noneMatch(l -> l.contains(password) || l.contains(newPassword));
        List<String> stored = rows("select * from app_user where username = ?", name);
        stored.addAll(rows("select * from user_activity where username = ?", name));
        assertThat(stored).hasSizeGreaterThanOrEqualTo(3).noneMatch(r -> r.contains(password) || r.contains(newPassword));
        assertThat(rows("select password_hash from app_user where username = ?", name))
                .singleElement().asString().startsWith("pbkdf2-sha256$210000$");
    }

    /** Every column of every row, as text, read straight from the service's database. */
    private static List<String> rows(String sql, String username) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl("pgvault_instance"), TestInfra.pgUser(),
                TestInfra.pgPassword()); PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, username);
            try (ResultSet rs = query.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.append(rs.getString(i)).append(' ');
                    }
                    rows.add(row.toString().strip());
                }
            }
        }
        return rows;
    }
}
