package io.pgvault.e2e.drills;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgvault.e2e.E2eSystem;
import io.pgvault.testinfra.TestInfra;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The public REST calls the drills make, as the admin, against the first replica of each service unless told. */
final class DrillApi {

    static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED");

    /** Bounded answers: a service that hangs shows up as a failed call, not a hung drill. */
    private static final RestAssuredConfig BOUNDED = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 20_000));

    private final E2eSystem system;
    private final String instanceBase;

    DrillApi(E2eSystem system) {
        this(system, system.instanceService.url());
    }

    private DrillApi(E2eSystem system, String instanceBase) {
        this.system = system;
        this.instanceBase = instanceBase;
    }

    /** The same calls, with instance-service's answered by {@code replica}. */
    DrillApi via(io.pgvault.e2e.ServiceProcess replica) {
        return new DrillApi(system, replica.url());
    }

    RequestSpecification admin() {
        return given().config(BOUNDED).filter(system.identity.asAdmin());
    }

    String instanceUrl(String id) {
        return instanceBase + "/api/v1/backup-instances/" + id;
    }

    /** A policy with {@code schedule} (ISO-8601 repeating interval), default retention 30 days; answers its id. */
    String createPolicy(String name, String schedule) {
        return createPolicy(name, schedule, "P30D");
    }

    /** A policy with {@code schedule} and default retention {@code retention}; answers its id. */
    String createPolicy(String name, String schedule, String retention) {
        Response r = admin().contentType(ContentType.JSON).body("""
                {"name": "%s", "defaultRetention": "%s", "timeZone": "UTC", "schedule": "%s"}"""
                .formatted(name, retention, schedule))
                .post(instanceBase + "/api/v1/backup-policies");
        assertThat(r.statusCode()).as("create policy %s: %s", name, r.asString()).isEqualTo(201);
        return r.path("id");
    }

    /** Protects {@code database} of the test server as {@code name}; answers the instance id. */
    String protect(String name, String policy, String database) {
        Response r = admin().contentType(ContentType.JSON).body("""
                {"name": "%s", "policyId": "%s",
                 "datasource": {"host": "%s", "port": %d, "username": "%s", "databases": ["%s"]}}"""
                .formatted(name, policy, TestInfra.pgHost(), TestInfra.pgPort(), TestInfra.pgUser(), database))
                .post(instanceBase + "/api/v1/backup-instances");
        assertThat(r.statusCode()).as("protect %s: %s", name, r.asString()).isEqualTo(201);
        return r.path("id");
    }

    /** Backup now with an {@code Idempotency-Key}; the raw answer (202, 409 while one is active, ...). */
    Response backupNow(String instance, String idempotencyKey) {
        return admin().header("Idempotency-Key", idempotencyKey).post(instanceUrl(instance) + "/backup");
    }

    /** The job as job-service answers it, or null while job-service has not recorded it (404). */
    Map<String, Object> job(String jobId) {
        Response r = admin().get(system.jobService.url() + "/api/v1/jobs/" + jobId);
        if (r.statusCode() == 404) {
            return null;
        }
        assertThat(r.statusCode()).as("job %s: %s", jobId, r.asString()).isEqualTo(200);
        return r.jsonPath().getMap("$");
    }

    /** Waits (bounded) until every job has ended; answers their last answers, in order. */
    List<Map<String, Object>> awaitEnded(Collection<String> jobIds, Duration atMost) {
        List<String> ids = new ArrayList<>(jobIds);
        Map<String, Map<String, Object>> ended = new java.util.LinkedHashMap<>();
        await(ids.size() + " jobs end").atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (String id : ids) {
                if (!ended.containsKey(id)) {
                    Map<String, Object> job = job(id);
                    if (job != null && ENDED.contains(String.valueOf(job.get("status")))) {
                        ended.put(id, job);
                    }
                }
            }
            return ended.size() == ids.size();
        });
        return ids.stream().map(ended::get).toList();
    }

    static String newKey() {
        return UUID.randomUUID().toString();
    }
}
