package io.pgvault.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Signed in, across the three processes (issue 10): each role runs the seed actions and is allowed or
 * refused as the role table says; no token is a 401 on every service; and a restore to a server that
 * captures any password it is sent is sent none (the source's credential stays with the source).
 *
 * <p>Refusals are collected (soft assertions), so one run names every rule a service does not enforce.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedInEndToEndTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final String SOURCE_DB = "e2e_signed_in";
    private static final String READER = "backup-reader";
    private static final String OPERATOR = "backup-operator";
    private static final String ADMIN = "backup-admin";

    private E2eSystem system;

    @RegisterExtension
    final TestWatcher onFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (system != null) {
                System.err.println(system.tails(60));
            }
        }
    };

    @BeforeAll
    void startEverything() throws Exception {
        system = E2eSystem.start("signed-in");
        PgVaultTestResource.createDatabaseIfMissing(SOURCE_DB);
        try (Connection c = SourceDatabases.connect(SOURCE_DB); Statement s = c.createStatement()) {
            s.execute("create table if not exists orders (id int primary key, note text)");
            s.execute("insert into orders select g, 'order ' || g from generate_series(1, 1000) g on conflict do nothing");
        }
    }

    @AfterAll
    void stopServices() {
        if (system != null) {
            system.close();
        }
    }

    // ---- each role and the seed actions ---------------------------------------------------------------

    @Test
    void eachRoleRunsTheSeedActionsTheRoleTableAllowsAndIsRefusedTheRest() {
        String admin = system.identity.adminToken();
        String reader = system.identity.signIn("reader", system.identity.createUser("reader", READER));
        String operator = system.identity.signIn("operator", system.identity.createUser("operator", OPERATOR));
        String policy = createPolicy(admin, "e2e-roles-" + UUID.randomUUID().toString().substring(0, 8));
        String operatorsServer = protect(admin, "operator-server", policy);
        String adminsServer = protect(admin, "admin-server", policy);
        SoftAssertions refusals = new SoftAssertions();

        // reader: reads every service
        as(reader).get(system.instanceService.url() + "/api/v1/backup-policies").then().statusCode(200);
        assertThat(as(reader).queryParam("nameContains", "-server").get(system.instanceService.url() + "/api/v1/backup-instances")
                .then().statusCode(200).extract().jsonPath().getInt("total")).isGreaterThanOrEqualTo(2);
        as(reader).get(instanceUrl(operatorsServer)).then().statusCode(200);
        as(reader).queryParam("instanceId", operatorsServer).get(system.jobService.url() + "/api/v1/jobs").then().statusCode(200);
        as(reader).get(pointsUrl(operatorsServer)).then().statusCode(200);

        // operator: backup now, restore, stop with a retain mode, resume
        String operatorsPoint = backupNow(operator, operatorsServer);
        List<Map<String, Object>> activity = as(reader).get(instanceUrl(operatorsServer) + "/activity")
                .then().statusCode(200).extract().jsonPath().getList("$");
        refusals.assertThat(activity).as("actor of the operator's BACKUP_NOW in %s", activity)
                .filteredOn(a -> "BACKUP_NOW".equals(a.get("action"))).extracting(a -> a.get("actor"))
                .containsExactly("operator");
        restoreAsFiles(operator, operatorsServer, operatorsPoint, "operator-files-" + UUID.randomUUID());
        assertThat(stop(operator, operatorsServer, "RETAIN_FOREVER", null).then().statusCode(200).extract().path("state")
                .toString()).isEqualTo("PROTECTION_STOPPED");
        assertThat(resume(operator, operatorsServer).then().statusCode(200).extract().path("state").toString())
                .isEqualTo("PROTECTION_CONFIGURED");

        // admin: all of it, on a server of its own
        String adminsPoint = backupNow(admin, adminsServer);
        restoreAsFiles(admin, adminsServer, adminsPoint, "admin-files-" + UUID.randomUUID());
        assertThat(stop(admin, adminsServer, "RETAIN_FOREVER", null).then().statusCode(200).extract().path("state").toString())
                .isEqualTo("PROTECTION_STOPPED");
        assertThat(resume(admin, adminsServer).then().statusCode(200).extract().path("state").toString())
                .isEqualTo("PROTECTION_CONFIGURED");
        assertThat(stop(admin, adminsServer, "DELETE_DATA", "admin-server").then().statusCode(200).extract().path("state")
                .toString()).isEqualTo("DATA_DELETED");
        assertThat(delete(admin, adminsServer, "admin-server").then().statusCode(202).extract().path("state").toString())
                .isEqualTo("SOFT_DELETED");

        // the refusals, last: a service that does not refuse one changes the operator's server, and nothing
        // above depends on what they leave
        refused(refusals, "reader: backup now", as(reader).post(instanceUrl(operatorsServer) + "/backup"), OPERATOR);
        refused(refusals, "reader: restore", as(reader).contentType(ContentType.JSON).body("""
                {"recoveryPointId": "%s", "target": {"type": "FILES", "directory": "reader-files"}}""".formatted(operatorsPoint))
                .post(instanceUrl(operatorsServer) + "/restore"), OPERATOR);
        refused(refusals, "reader: stop RETAIN_FOREVER", stop(reader, operatorsServer, "RETAIN_FOREVER", null), OPERATOR);
        refused(refusals, "reader: create a policy", as(reader).contentType(ContentType.JSON).body(policyJson("e2e-by-reader"))
                .post(system.instanceService.url() + "/api/v1/backup-policies"), ADMIN);
        refused(refusals, "reader: list users", as(reader).get(system.instanceService.url() + "/api/v1/users"), ADMIN);
        refused(refusals, "operator: create a policy", as(operator).contentType(ContentType.JSON).body(policyJson("e2e-by-operator"))
                .post(system.instanceService.url() + "/api/v1/backup-policies"), ADMIN);
        refused(refusals, "operator: create a user", as(operator).contentType(ContentType.JSON)
                .body("{\"username\": \"mallory\", \"password\": \"" + E2eIdentity.newSecret() + "\", \"roles\": [\"backup-admin\"]}")
                .post(system.instanceService.url() + "/api/v1/users"), ADMIN);
        refused(refusals, "operator: stop DELETE_DATA", stop(operator, operatorsServer, "DELETE_DATA", "operator-server"), ADMIN);
        refused(refusals, "operator: delete the instance", delete(operator, operatorsServer, "operator-server"), ADMIN);
        refusals.assertAll();
    }

    // ---- multi-user authorization: the seed's destructive steps with a second person ----------------------

    @Test
    void withMultiUserAuthorizationASecondSignedInUserApprovesTheDeleteDataAndTheDeletion() {
        String admin = system.identity.adminToken();
        String approver = system.identity.signIn("carol", system.identity.createUser("carol", "backup-approver"));
        String vault = system.instanceService.url() + "/api/v1/vault";
        as(admin).contentType(ContentType.JSON).body("{\"multiUserAuthorization\": true}").put(vault).then()
                .statusCode(200).body("multiUserAuthorization", org.hamcrest.Matchers.equalTo(true));
        try {
            String policy = createPolicy(admin, "e2e-mua-" + UUID.randomUUID().toString().substring(0, 8));
            String server = protect(admin, "mua-server", policy);
            String point = backupNow(admin, server);

            // stop with DELETE_DATA: a pending operation; nothing happens until carol approves
            Response pending = stop(admin, server, "DELETE_DATA", "mua-server");
            assertThat(pending.statusCode()).as(pending.asString()).isEqualTo(202);
            assertThat(pending.jsonPath().getString("operation")).isEqualTo("STOP_PROTECTION_DELETE_DATA");
            String stopUrl = system.instanceService.url() + pending.jsonPath().getString("url");
            as(admin).get(instanceUrl(server)).then().statusCode(200)
                    .body("state", org.hamcrest.Matchers.equalTo("PROTECTION_CONFIGURED"));
            as(admin).post(stopUrl + "/approve").then().statusCode(403);
            as(approver).contentType(ContentType.JSON).body("{\"comment\": \"e2e: checked\"}").post(stopUrl + "/approve")
                    .then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("APPROVED"))
                    .body("decidedBy", org.hamcrest.Matchers.equalTo("carol"));
            as(admin).get(instanceUrl(server)).then().body("state", org.hamcrest.Matchers.equalTo("DATA_DELETED"));
            await("point " + point + " deleted at retention-service").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    as(admin).get(system.retentionService.url() + "/api/v1/recovery-points/{id}", point).then()
                            // the e2e grace period is PT0S (E2eSystem): the next sweep may purge it before we look
                            .body("state", org.hamcrest.Matchers.oneOf("DELETED", "PURGED")));

            // the deletion: pending, then approved by carol; the instance is soft-deleted
            Response deletion = delete(admin, server, "mua-server");
            assertThat(deletion.statusCode()).as(deletion.asString()).isEqualTo(202);
            assertThat(deletion.jsonPath().getString("operation")).isEqualTo("DELETE_INSTANCE");
            String deleteUrl = system.instanceService.url() + deletion.jsonPath().getString("url");
            as(approver).post(deleteUrl + "/approve").then().statusCode(200);
            as(admin).get(instanceUrl(server)).then().body("state", org.hamcrest.Matchers.equalTo("SOFT_DELETED"));
            List<Map<String, Object>> deleted = as(admin).get(system.instanceService.url()
                    + "/api/v1/deleted-backup-instances").then().statusCode(200).extract().jsonPath().getList("instance");
            assertThat(deleted).extracting(i -> i.get("id")).contains(server);
            List<Map<String, Object>> activity = as(admin).get(instanceUrl(server) + "/activity").then()
                    .statusCode(200).extract().jsonPath().getList("$");
            assertThat(activity).filteredOn(a -> List.of("STOP_PROTECTION", "DELETE").contains(a.get("action")))
                    .extracting(a -> a.get("actor") + "/" + a.get("approvedBy"))
                    .containsExactlyInAnyOrder("admin/carol", "admin/carol");
        } finally {
            // turning it off is protected too
            Response off = as(admin).contentType(ContentType.JSON).body("{\"multiUserAuthorization\": false}").put(vault);
            assertThat(off.statusCode()).as(off.asString()).isEqualTo(202);
            as(approver).post(system.instanceService.url() + off.jsonPath().getString("url") + "/approve").then()
                    .statusCode(200);
            as(admin).get(vault).then().body("multiUserAuthorization", org.hamcrest.Matchers.equalTo(false));
        }
    }

    // ---- no token -------------------------------------------------------------------------------------

    @Test
    void withoutATokenEveryServiceAnswers401NamingTheRoleAndHealthStaysOpen() {
        SoftAssertions refusals = new SoftAssertions();
        Map<String, String> reads = Map.of(
                system.instanceService.name, system.instanceService.url() + "/api/v1/backup-instances",
                system.jobService.name, system.jobService.url() + "/api/v1/jobs",
                system.retentionService.name, pointsUrl(UUID.randomUUID().toString()));
        reads.forEach((service, url) -> {
            Response r = given().get(url);
            refusals.assertThat(r.statusCode()).as("%s: GET %s without a token (%s)", service, url, r.asString()).isEqualTo(401);
            if (r.statusCode() == 401) {
                refusals.assertThat(r.contentType()).as("%s: 401 content type", service).startsWith("application/problem+json");
                refusals.assertThat(r.jsonPath().getList("requiredRoles")).as("%s: 401 names the role", service)
                        .contains(READER);
                refusals.assertThat(r.header("WWW-Authenticate")).as("%s: WWW-Authenticate", service).startsWith("Bearer");
            }
        });
        for (ServiceProcess s : system.services) {
            given().get(s.url() + "/q/health/ready").then().statusCode(200);
        }
        refusals.assertAll();
    }

    // ---- a restore target that captures passwords -------------------------------------------------------

    @Test
    void aRestoreToAServerThatCapturesPasswordsIsSentNoneAndFailsForWantOfTheTargetsOwnCredential() throws Exception {
        String admin = system.identity.adminToken();
        String policy = createPolicy(admin, "e2e-capture-" + UUID.randomUUID().toString().substring(0, 8));
        String source = protect(admin, "capture-source", policy);
        // the source's own credential: if it ever went to the restore target, the fake server would capture it
        String sourcePassword = "e2e-source-password-" + E2eIdentity.newSecret();
        E2eIdentity.writePrivate(system.secrets.resolve(source + ".password"), sourcePassword + "\n");
        String point = backupNow(admin, source);

        try (PasswordCapturingServer fake = new PasswordCapturingServer()) {
            // host 127.0.0.1, the source's own host (allowed by default); the user has no target secret file
            Response accepted = as(admin).contentType(ContentType.JSON).body("""
                    {"recoveryPointId": "%s", "target": {"type": "DATABASE", "host": "%s", "port": %d,
                     "username": "e2e_no_target_secret", "database": "captured", "includeGlobals": false}}"""
                    .formatted(point, fake.host(), fake.port()))
                    .post(instanceUrl(source) + "/restore");
            assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
            JsonPath job = awaitJobEnd(admin, accepted.jsonPath().getString("jobUrl"));
            byte[] captured = fake.capturedPasswords();
            System.out.printf("password-capture: connections=%d, bytes captured=%d, job=%s/%s%n", fake.connections(),
                    captured.length, job.getString("status"), job.getString("error.code"));
            assertThat(new String(captured, StandardCharsets.ISO_8859_1)).as("passwords the target was sent").isEmpty();
            assertThat(fake.receivedText()).as("everything the target was sent").doesNotContain(sourcePassword);
            assertThat(job.getString("status")).as(job.prettify()).isEqualTo("FAILED");
            assertThat(job.getString("error.code")).as(job.prettify()).isEqualTo("TARGET_CREDENTIALS_MISSING");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** A refusal: 403 problem+json whose {@code requiredRoles} names {@code role}. */
    private static void refused(SoftAssertions refusals, String what, Response r, String role) {
        refusals.assertThat(r.statusCode()).as("%s: status (%s)", what, r.asString()).isEqualTo(403);
        if (r.statusCode() == 403) {
            refusals.assertThat(r.contentType()).as("%s: content type", what).startsWith("application/problem+json");
            refusals.assertThat(r.jsonPath().getList("requiredRoles")).as("%s: the role named", what).contains(role);
        }
    }

    private String instanceUrl(String id) {
        return system.instanceService.url() + "/api/v1/backup-instances/" + id;
    }

    private String pointsUrl(String instance) {
        return system.retentionService.url() + "/api/v1/backup-instances/" + instance + "/recovery-points";
    }

    private static String policyJson(String name) {
        return """
                {"name": "%s", "defaultRetention": "P30D", "timeZone": "UTC", "schedule": "R/2030-01-01T00:00:00Z/PT1H"}"""
                .formatted(name);
    }

    private String createPolicy(String token, String name) {
        Response r = as(token).contentType(ContentType.JSON).body(policyJson(name))
                .post(system.instanceService.url() + "/api/v1/backup-policies");
        assertThat(r.statusCode()).as("create policy %s: %s", name, r.asString()).isEqualTo(201);
        return r.path("id");
    }

    private String protect(String token, String name, String policy) {
        return as(token).contentType(ContentType.JSON).body("""
                {"name": "%s", "policyId": "%s",
                 "datasource": {"host": "%s", "port": %d, "username": "%s", "databases": ["%s"]}}"""
                .formatted(name, policy, TestInfra.pgHost(), TestInfra.pgPort(), TestInfra.pgUser(), SOURCE_DB))
                .post(system.instanceService.url() + "/api/v1/backup-instances").then().log().ifValidationFails()
                .statusCode(201).extract().path("id");
    }

    /** Backup now as {@code token}'s user; the job completes; answers the point, once retention-service has it. */
    private String backupNow(String token, String instance) {
        Response accepted = as(token).post(instanceUrl(instance) + "/backup");
        assertThat(accepted.statusCode()).as("backup now: %s", accepted.asString()).isEqualTo(202);
        JsonPath job = awaitJobEnd(token, accepted.jsonPath().getString("jobUrl"));
        assertThat(job.getString("status")).as(job.prettify()).isEqualTo("COMPLETED");
        String point = job.getString("recoveryPointId");
        await("recovery point " + point + " at retention-service").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(token).get(system.retentionService.url() + "/api/v1/recovery-points/{id}", point).then().statusCode(200));
        return point;
    }

    private void restoreAsFiles(String token, String instance, String point, String directory) {
        Response accepted = as(token).contentType(ContentType.JSON).body("""
                {"recoveryPointId": "%s", "target": {"type": "FILES", "directory": "%s"}}""".formatted(point, directory))
                .post(instanceUrl(instance) + "/restore");
        assertThat(accepted.statusCode()).as("restore: %s", accepted.asString()).isEqualTo(202);
        JsonPath job = awaitJobEnd(token, accepted.jsonPath().getString("jobUrl"));
        assertThat(job.getString("status")).as(job.prettify()).isEqualTo("COMPLETED");
    }

    private Response stop(String token, String instance, String mode, String confirmName) {
        String confirm = confirmName == null ? "" : ", \"confirmName\": \"" + confirmName + "\"";
        return as(token).contentType(ContentType.JSON)
                .body("{\"mode\": \"" + mode + "\", \"reason\": \"OTHER\", \"comments\": \"e2e roles\"" + confirm + "}")
                .post(instanceUrl(instance) + "/stop-protection");
    }

    private Response resume(String token, String instance) {
        return as(token).post(instanceUrl(instance) + "/resume-protection");
    }

    private Response delete(String token, String instance, String confirmName) {
        return as(token).contentType(ContentType.JSON)
                .body("{\"confirmName\": \"" + confirmName + "\", \"reason\": \"DECOMMISSIONED\"}")
                .delete(instanceUrl(instance));
    }

    private JsonPath awaitJobEnd(String token, String jobUrl) {
        return await("job " + jobUrl + " ends").atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
            Response r = as(token).get(jobUrl);
            if (r.statusCode() == 404) {
                return null; // not consumed from instance-commands yet
            }
            return r.then().statusCode(200).extract().jsonPath();
        }, job -> job != null && List.of("COMPLETED", "FAILED", "CANCELLED").contains(job.getString("status")));
    }
}
