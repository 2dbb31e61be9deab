package io.pgvault.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.instance.retention.RetentionServiceMock;
import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's instance-service steps in order, as a user would run them with curl. Each step asserts its
 * status; the requests and the real answers are written to {@code target/api-examples.md}, and API.md's
 * recorded examples (between {@link #BEGIN} and {@link #END}) must say the same once ids, times and the
 * run's name suffix are normalised, so the reference cannot drift from what the code answers. Run with
 * {@code -Dpgvault.api-md.update=true} to write the new examples into API.md instead (only when they differ).
 */
@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
@QuarkusTestResource(RetentionServiceMock.class)
class SeedWalkthroughTest {

    static final String BEGIN = "<!-- recorded:begin by SeedWalkthroughTest; do not edit by hand -->";
    static final String END = "<!-- recorded:end -->";

    private static final Path API_MD = Path.of("API.md");
    private static final Path RECORDED = Path.of("target", "api-examples.md");
    private static final String UPDATE = "pgvault.api-md.update";

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Request bodies are maps: written with sorted keys, so every run writes the same curl line. */
    private static final ObjectMapper COMPACT = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern SUFFIX = Pattern.compile("-[0-9a-f]{4}\\b");

    /** The shell variable a step's curl line sends as its bearer token, and the token the test sends. */
    private static final String ADMIN = "TOKEN";
    private static final String READER = "READER_TOKEN";
    private static final String OPERATOR = "OPERATOR_TOKEN";
    private static final Map<String, String> TOKENS = Map.of(
            ADMIN, TestTokens.forRoles("admin", Roles.ADMIN),
            READER, TestTokens.forRoles("rita", Roles.READER),
            OPERATOR, TestTokens.forRoles("oscar", Roles.OPERATOR));

    private final StringBuilder doc = new StringBuilder();

    private Response step(String heading, String method, String path, Object body, String idempotencyKey, int status)
            throws Exception {
        return step(ADMIN, heading, method, path, body, idempotencyKey, status, UnaryOperator.identity());
    }

    private Response step(String heading, String method, String path, Object body, String idempotencyKey, int status,
            UnaryOperator<JsonNode> shown) throws Exception {
        return step(ADMIN, heading, method, path, body, idempotencyKey, status, shown);
    }

    /**
     * One request with the token of {@code tokenVar} and its answer; {@code shown} picks what of the JSON answer
     * the examples show.
     */
    private Response step(String tokenVar, String heading, String method, String path, Object body,
            String idempotencyKey, int status, UnaryOperator<JsonNode> shown) throws Exception {
        RequestSpecification request = given().auth().oauth2(TOKENS.get(tokenVar));
        StringBuilder curl = new StringBuilder("curl -s -X " + method + " 'localhost:8081" + path + "'")
                .append(" \\\n  -H \"Authorization: Bearer $").append(tokenVar).append("\"");
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
            curl.append(" \\\n  -H 'Idempotency-Key: ").append(idempotencyKey).append("'");
        }
        if (body != null) {
            request = request.contentType("application/json").body(body);
            curl.append(" \\\n  -H 'Content-Type: application/json' -d '")
                    .append(COMPACT.writeValueAsString(body)).append("'");
        }
        Response response = request.when().request(method, path);
        doc.append("#### ").append(heading).append("\n\n```sh\n").append(curl).append("\n```\n\n```http\nHTTP/1.1 ")
                .append(response.statusCode()).append("\n");
        if (response.header("Location") != null) {
            // the test runs on a random port; the documentation shows the service's own
            doc.append("Location: ").append(response.header("Location").replaceFirst("^http://localhost:\\d+", "http://localhost:8081"))
                    .append("\n");
        }
        if (response.header("Idempotent-Replayed") != null) {
            doc.append("Idempotent-Replayed: ").append(response.header("Idempotent-Replayed")).append("\n");
        }
        String text = response.asString();
        if (!text.isEmpty()) {
            doc.append("Content-Type: ").append(response.contentType()).append("\n\n")
                    .append(PRETTY.writeValueAsString(shown.apply(PRETTY.readTree(text))));
        }
        doc.append("\n```\n\n");
        assertThat(response.statusCode()).as(heading + ": " + text).isEqualTo(status);
        return response;
    }

    /** A list answer with only the items of this run: other tests' policies share the database. */
    private static UnaryOperator<JsonNode> onlyNamed(String suffix) {
        return list -> {
            ArrayNode ours = PRETTY.createArrayNode();
            list.forEach(item -> {
                if (item.path("name").asText().endsWith("-" + suffix)) {
                    ours.add(item);
                }
            });
            return ours;
        };
    }

    @Test
    void theSeedStepsAnswerAsDocumented() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 4);
        String policyName = "daily-" + suffix;
        String instanceName = "orders-db-" + suffix;
        Map<String, Object> policy = Map.of("name", policyName, "schedule", "R/2026-01-01T02:00:00Z/P1D",
                "timeZone", "Europe/Berlin", "defaultRetention", "P30D",
                "taggedRules", List.of(Map.of("tag", "WEEKLY", "duration", "P12W"), Map.of("tag", "MONTHLY", "duration", "P12M"),
                        Map.of("tag", "YEARLY", "duration", "P10Y")));
        String policyId = step("POST /api/v1/backup-policies: create a policy", "POST", "/api/v1/backup-policies",
                policy, null, 201).path("id");
        step("POST /api/v1/backup-policies: a bad policy, every field named", "POST", "/api/v1/backup-policies",
                Map.of("name", "often", "schedule", "*/10 * * * *", "defaultRetention", "P11Y"), null, 400);
        step("GET /api/v1/backup-policies: every policy (here: the ones of this example)", "GET",
                "/api/v1/backup-policies", null, null, 200, onlyNamed(suffix));
        Map<String, Object> edited = new HashMap<>(policy);
        edited.put("schedule", "30 1 * * *");
        step("PUT /api/v1/backup-policies/{id}: edit a policy, a new version", "PUT", "/api/v1/backup-policies/" + policyId,
                edited, null, 200);
        step("GET /api/v1/backup-policies/{id}/versions: every version of a policy", "GET",
                "/api/v1/backup-policies/" + policyId + "/versions", null, null, 200);

        Map<String, Object> protect = Map.of("name", instanceName, "policyId", policyId, "datasource",
                Map.of("host", "db1.internal", "port", 5432, "username", "backup", "databases", List.of("orders", "billing"),
                        "sslMode", "prefer"));
        String id = step("POST /api/v1/backup-instances: protect a server", "POST", "/api/v1/backup-instances", protect,
                "protect-" + suffix, 201).path("id");
        String path = "/api/v1/backup-instances/" + id;
        step("GET /api/v1/backup-instances: protected items, filtered and paged", "GET",
                "/api/v1/backup-instances?state=PROTECTION_CONFIGURED&nameContains=" + instanceName + "&page=0&size=20",
                null, null, 200);
        step("GET /api/v1/backup-instances/{id}: one protected item", "GET", path, null, null, 200);
        step(READER, "POST /api/v1/backup-instances/{id}/backup: a backup-reader may not", "POST", path + "/backup", null,
                null, 403, UnaryOperator.identity());
        step("POST /api/v1/backup-instances/{id}/backup: backup now", "POST", path + "/backup", null, "backup-" + suffix,
                202);
        Response replay = step("POST /api/v1/backup-instances/{id}/backup: a retry with the same Idempotency-Key", "POST",
                path + "/backup", null, "backup-" + suffix, 202);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        step("POST /api/v1/backup-instances/{id}/backup: again while the first is queued", "POST", path + "/backup", null,
                null, 409);
        String point = RetentionServiceMock.put(UUID.fromString(id), "LIVE").toString();
        step("POST /api/v1/backup-instances/{id}/restore: a recovery point as files", "POST", path + "/restore",
                Map.of("recoveryPointId", point, "target", Map.of("type", "FILES", "directory", "orders-restore")), null, 202);
        step("POST /api/v1/backup-instances/{id}/restore: into a new database", "POST", path + "/restore",
                Map.of("recoveryPointId", point, "target", Map.of("type", "DATABASE", "host", "db2.internal", "port", 5432,
                        "username", "restorer", "database", "orders_restored", "includeGlobals", false)), null, 202);
        step("POST /api/v1/backup-instances/{id}/restore: an unknown recovery point", "POST", path + "/restore",
                Map.of("recoveryPointId", "00000000-0000-0000-0000-000000000001", "target",
                        Map.of("type", "FILES", "directory", "x")), null, 404);
        String weekly = given().contentType("application/json").body(Map.of("name", "weekly-" + suffix,
                        "schedule", "0 3 * * SUN", "timeZone", "Europe/Berlin", "defaultRetention", "P12W"))
                .post("/api/v1/backup-policies").then().statusCode(201).extract().path("id");
        step("POST /api/v1/backup-instances/{id}/change-policy: another policy", "POST", path + "/change-policy",
                Map.of("policyId", weekly), null, 200);
        step(OPERATOR, "POST /api/v1/backup-instances/{id}/stop-protection: DELETE_DATA needs a backup-admin", "POST",
                path + "/stop-protection", Map.of("mode", "DELETE_DATA", "reason", "COST", "confirmName", instanceName),
                null, 403, UnaryOperator.identity());
        step("POST /api/v1/backup-instances/{id}/stop-protection: retain points as per policy", "POST",
                path + "/stop-protection", Map.of("mode", "RETAIN_AS_PER_POLICY", "reason", "COST", "comments",
                        "paused until Q3"), null, 200);
        step("POST /api/v1/backup-instances/{id}/backup: while protection is stopped", "POST", path + "/backup", null,
                null, 409);
        step("POST /api/v1/backup-instances/{id}/resume-protection: resume, without a body", "POST",
                path + "/resume-protection", null, null, 200);
        step("DELETE /api/v1/backup-policies/{id}: a policy in use", "DELETE", "/api/v1/backup-policies/" + weekly, null,
                null, 409);
        step("DELETE /api/v1/backup-instances/{id}: delete the backup instance", "DELETE", path,
                Map.of("confirmName", instanceName, "reason", "DECOMMISSIONED", "comments", "server retired"), null, 202);
        step("GET /api/v1/backup-instances/{id}/activity: the activity log, newest first", "GET", path + "/activity", null,
                null, 200);

        String recorded = doc.toString().strip() + "\n";
        Files.createDirectories(RECORDED.getParent());
        Files.writeString(RECORDED, recorded);
        String apiMd = Files.readString(API_MD, StandardCharsets.UTF_8);
        int begin = apiMd.indexOf(BEGIN);
        int end = apiMd.indexOf(END);
        assertThat(begin).as("API.md marks its recorded examples with " + BEGIN + " and " + END).isNotNegative();
        assertThat(end).as("API.md marks its recorded examples with " + BEGIN + " and " + END).isGreaterThan(begin);
        String documented = apiMd.substring(begin + BEGIN.length(), end).strip() + "\n";
        String difference = difference(normalised(documented), normalised(recorded));
        if (Boolean.getBoolean(UPDATE) && !difference.isEmpty()) {
            Files.writeString(API_MD, apiMd.substring(0, begin + BEGIN.length()) + "\n\n" + recorded + "\n"
                    + apiMd.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertThat(difference).as("API.md's recorded examples differ from what the API answers now (" + RECORDED
                + "); rerun with -D" + UPDATE + "=true to write them into API.md, or fix the code").isEmpty();
    }

    /** Ids numbered by first appearance, times and the run's name suffix replaced, so two runs compare. */
    static String normalised(String text) {
        Map<String, String> ids = new LinkedHashMap<>();
        Matcher id = ID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (id.find()) {
            id.appendReplacement(out, ids.computeIfAbsent(id.group(), k -> "<id" + (ids.size() + 1) + ">"));
        }
        id.appendTail(out);
        String timesOut = TIME.matcher(out).replaceAll("<time>");
        return SUFFIX.matcher(timesOut).replaceAll("-<suffix>");
    }

    /** Empty when equal; otherwise the lines that differ, between the lines both texts share at each end. */
    static String difference(String documented, String answered) {
        List<String> a = documented.lines().toList();
        List<String> b = answered.lines().toList();
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        if (head == a.size() && head == b.size()) {
            return "";
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        StringBuilder diff = new StringBuilder("normalised, from line " + (head + 1) + " of the recorded part:\n");
        a.subList(head, a.size() - tail).stream().limit(40).forEach(l -> diff.append("- API.md  | ").append(l).append('\n'));
        b.subList(head, b.size() - tail).stream().limit(40).forEach(l -> diff.append("+ answers | ").append(l).append('\n'));
        return diff.toString();
    }
}
