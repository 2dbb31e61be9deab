package io.pgvault.platformtests.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.pgvault.platformtests.app.TestDatabase;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Every way a REST call fails answers application/problem+json naming the field or the state. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = TestDatabase.NAME))
class ProblemMappingTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        post("{\"name\": \"orders\", \"port\": \"eighty\"}")
                .statusCode(400).contentType(PROBLEM_JSON)
                .body("title", equalTo("Invalid request"))
                .body("errors.field", contains("port"))
                .body("detail", startsWith("port: "))
                .body("instance", equalTo("/probe"));
    }

    @Test
    void aNestedValueOfTheWrongTypeNamesItsPath() {
        post("{\"name\": \"orders\", \"port\": 5432, \"target\": {\"host\": [\"a\", \"b\"]}}")
                .statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", contains("target.host"));
    }

    @Test
    void aBodyThatIsNotJsonSaysSo() {
        post("{\"name\": ")
                .statusCode(400).contentType(PROBLEM_JSON)
                .body("detail", startsWith("request body is not valid JSON"))
                .body("errors", nullValue());
    }

    @Test
    void aValidationFailureNamesEveryFieldByItsJsonPath() {
        post("{\"name\": \"\", \"port\": 0, \"target\": {\"host\": \" \"}}")
                .statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", contains("name", "port", "target.host"))
                .body("detail", containsString("port: must be greater than or equal to 1"));
    }

    @Test
    void anUnknownEnumValueNamesTheFieldAndTheAllowedValues() {
        post("{\"name\": \"orders\", \"port\": 5432, \"mode\": \"TURBO\"}")
                .statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", contains("mode"))
                .body("errors.message", contains("must be one of [FAST, SAFE]"));
    }

    @Test
    void aValidRequestIsAnswered() {
        post("{\"name\": \"orders\", \"port\": 5432, \"mode\": \" safe \", \"target\": {\"host\": \"db1\"}}")
                .statusCode(200)
                .body("mode", equalTo("SAFE"));
    }

    @Test
    void aRefusedTransitionNamesTheCurrentAndTheAllowedStates() {
        given().post("/probe/refused")
                .then().statusCode(409).contentType(PROBLEM_JSON)
                .body("currentState", equalTo("STOPPED"))
                .body("allowedStates", contains("CONFIGURED"))
                .body("detail", equalTo("backup now is not allowed in state STOPPED; allowed in [CONFIGURED]"));
    }

    @Test
    void anUnexpectedFailureIsA500WithoutTheExceptionOrItsMessage() {
        given().get("/probe/failure")
                .then().statusCode(500).contentType(PROBLEM_JSON)
                .body("title", equalTo("Internal error"))
                .body("detail", equalTo("the server failed; see its log for details"))
                .body(allOf(not(containsString("IllegalStateException")), not(containsString("db7.internal")),
                        not(containsString("java."))));
    }

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/probe").then();
    }
}
