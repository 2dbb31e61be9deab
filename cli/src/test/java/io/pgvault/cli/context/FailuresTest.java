package io.pgvault.cli.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.pgvault.cli.http.RefusedException;
import io.pgvault.cli.http.Service;
import io.pgvault.cli.http.SignInRequiredException;
import io.pgvault.cli.http.UnreachableException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void exitCodesTellRefusalsFromUnreachableServers() {
        assertThat(Failures.exitCode(new RefusedException(409, "no", MissingNode.getInstance()))).isEqualTo(1);
        assertThat(Failures.exitCode(new SignInRequiredException("HTTP 401"))).isEqualTo(1);
        assertThat(Failures.exitCode(new CommandFailed("cancelled"))).isEqualTo(1);
        assertThat(Failures.exitCode(new UnreachableException(Service.JOB, "http://x", "refused", new ConnectException())))
                .isEqualTo(3);
    }

    @Test
    void aBadRequestListsEachFieldOnItsOwnLine() throws Exception {
        String problem = "{\"title\":\"Invalid request\",\"status\":400,\"detail\":\"a: x; b: y\",\"instance\":\"/p\","
                + "\"errors\":[{\"field\":\"datasource.databases\",\"message\":\"must not be empty\"},"
                + "{\"field\":\"policyId\",\"message\":\"must not be null\"}]}";

        assertThat(Failures.describe(new RefusedException(400, "a: x; b: y", new ObjectMapper().readTree(problem))))
                .containsExactly("error: Invalid request (HTTP 400)", "  datasource.databases: must not be empty",
                        "  policyId: must not be null");
    }

    @Test
    void aConflictShowsItsDetailAndItsFacts() throws Exception {
        String problem = "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"backup job j1 of orders-db is already queued or running\","
                + "\"activeJobId\":\"j1\",\"jobUrl\":\"http://127.0.0.1:8082/api/v1/jobs/j1\",\"instances\":[{\"id\":\"i\"}]}";

        assertThat(Failures.describe(new RefusedException(409, "backup job j1 of orders-db is already queued or running",
                new ObjectMapper().readTree(problem)))).containsExactly(
                        "error: backup job j1 of orders-db is already queued or running", "  activeJobId: j1",
                        "  jobUrl: http://127.0.0.1:8082/api/v1/jobs/j1");
    }
}
