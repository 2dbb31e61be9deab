package io.pgvault.job.jobs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pgvault.job.Jobs;
import io.pgvault.job.SignedInAsAdmin;
import io.pgvault.job.SourceDatabases;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The monitoring list: 7 days by default, view all, filters, newest first, cursor paging, bad input. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@ExtendWith(SignedInAsAdmin.class)
class JobListTest {

    /** Finished jobs of one new instance: ids newest first; the last one is 10 days old. */
    private static List<UUID> history(UUID instance) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<UUID> ids = new ArrayList<>();
        Object[][] rows = {
            {"BACKUP", "COMPLETED", now.minus(Duration.ofHours(1))},
            {"RESTORE", "FAILED", now.minus(Duration.ofHours(2))},
            {"BACKUP", "FAILED", now.minus(Duration.ofDays(1))},
            {"BACKUP", "COMPLETED", now.minus(Duration.ofDays(3))},
            {"BACKUP", "COMPLETED", now.minus(Duration.ofDays(10))},
        };
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement insert = c.prepareStatement("insert into job (id, instance_id, instance_name,"
                        + " operation, trigger, status, request, created_at, started_at, finished_at, bytes_done,"
                        + " error_code) values (?, ?, 'orders', ?, 'SCHEDULED', ?, '{}', ?, ?, ?, 1024, ?)")) {
            for (Object[] row : rows) {
                UUID id = UUID.randomUUID();
                Instant created = (Instant) row[2];
                insert.setObject(1, id);
                insert.setObject(2, instance);
                insert.setString(3, (String) row[0]);
                insert.setString(4, (String) row[1]);
                insert.setTimestamp(5, Timestamp.from(created));
                insert.setTimestamp(6, Timestamp.from(created.plusSeconds(1)));
                insert.setTimestamp(7, Timestamp.from(created.plusSeconds(61)));
                insert.setString(8, row[1].equals("FAILED") ? "HOST_UNREACHABLE" : null);
                insert.executeUpdate();
                ids.add(id);
            }
        }
        return ids;
    }

    private static List<String> ids(String query) {
        return given().get("/api/v1/jobs?" + query).then().statusCode(200).extract().jsonPath().getList("items.id");
    }

    @Test
    void theListShowsTheLastSevenDaysNewestFirstUnlessAskedForAll() throws Exception {
        UUID instance = UUID.randomUUID();
        List<UUID> all = history(instance);
        List<String> expected = all.stream().map(UUID::toString).toList();
        assertThat(ids("instanceId=" + instance)).containsExactlyElementsOf(expected.subList(0, 4));
        assertThat(ids("instanceId=" + instance + "&from=")).containsExactlyElementsOf(expected);
        assertThat(ids("instanceId=" + instance + "&all=true")).containsExactlyElementsOf(expected);
        String from = Instant.now().minus(Duration.ofDays(2)).toString();
        assertThat(ids("instanceId=" + instance + "&from=" + from)).containsExactlyElementsOf(expected.subList(0, 3));
        String to = Instant.now().minus(Duration.ofMinutes(90)).toString();
        assertThat(ids("instanceId=" + instance + "&from=&to=" + to)).containsExactlyElementsOf(expected.subList(1, 5));
    }

    @Test
    void theListFiltersByOperationAndStatus() throws Exception {
        UUID instance = UUID.randomUUID();
        List<String> expected = history(instance).stream().map(UUID::toString).toList();
        assertThat(ids("instanceId=" + instance + "&operation=RESTORE")).containsExactly(expected.get(1));
        assertThat(ids("instanceId=" + instance + "&status=FAILED&all=true"))
                .containsExactly(expected.get(1), expected.get(2));
        assertThat(ids("instanceId=" + instance + "&operation=backup&status=completed&all=true"))
                .containsExactly(expected.get(0), expected.get(3), expected.get(4));
        JsonPath first = given().get("/api/v1/jobs?instanceId=" + instance).then().statusCode(200).extract().jsonPath();
        assertThat(first.getString("items[0].status")).isEqualTo("COMPLETED");
        assertThat(first.getInt("items[0].percent")).isEqualTo(100);
        assertThat(first.getLong("items[0].durationMs")).isEqualTo(60_000L);
        assertThat(first.getString("items[1].errorCode")).isEqualTo("HOST_UNREACHABLE");
    }

    @Test
    void theCursorPagesThroughEveryJobOnceNewestFirst() throws Exception {
        UUID instance = UUID.randomUUID();
        List<String> expected = history(instance).stream().map(UUID::toString).toList();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = given().queryParam("instanceId", instance).queryParam("all", true).queryParam("limit", 2)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void badListParametersAreRefusedNamingTheField() {
        given().get("/api/v1/jobs?instanceId=not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("instanceId"));
        given().get("/api/v1/jobs?status=RUNNING").then().statusCode(400)
                .body("detail", containsString("status"));
        given().get("/api/v1/jobs?operation=VACUUM").then().statusCode(400)
                .body("detail", containsString("operation"));
        given().get("/api/v1/jobs?from=yesterday").then().statusCode(400)
                .body("detail", containsString("from"));
        given().get("/api/v1/jobs?limit=0").then().statusCode(400)
                .body("detail", containsString("limit"));
        given().get("/api/v1/jobs?cursor=garbage").then().statusCode(400)
                .body("detail", containsString("cursor"));
    }

    @Test
    void severalBadListParametersAreNamedInOneAnswer() {
        given().get("/api/v1/jobs?status=RUNNING&operation=VACUUM&limit=0").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("operation", "status", "limit"));
    }

    @Test
    void anUnknownJobIsNotFoundAndAFinishedOneCannotBeCancelled() throws Exception {
        given().get("/api/v1/jobs/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().post("/api/v1/jobs/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
        UUID finished = history(UUID.randomUUID()).get(0);
        JsonPath refused = given().post("/api/v1/jobs/" + finished + "/cancel").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("COMPLETED"))
                .extract().jsonPath();
        assertThat(Jobs.currentState(refused)).isEqualTo("COMPLETED");
        given().get("/api/v1/jobs/" + finished).then().statusCode(200).body("status", equalTo("COMPLETED"));
    }

    @Test
    void instantsOutsideYearsOneTo9999AndBadUuidsAre400sNamingTheParameter() {
        given().get("/api/v1/jobs?from=%2B300000-01-01T00:00:00Z").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("from"));
        given().get("/api/v1/jobs?to=-4713-01-01T00:00:00Z").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("to"));
        given().get("/api/v1/jobs/not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("id"));
        given().get("/api/v1/jobs/stream?instanceId=nope").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("instanceId"));
        given().get("/api/v1/jobs?limit=abc").then().statusCode(400).contentType("application/problem+json");
    }
}
