package io.pgvault.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console over HTTP, with WireMock standing in for the three services: the one URL forwards each API
 * path to its owner with the caller's token and the answer unchanged, the job stream included; a page
 * needs a sign-in; a state-changing request without its CSRF token reaches no service.
 */
@QuarkusTest
@QuarkusTestResource(Peers.class)
class ConsoleHttpTest {

    @BeforeEach
    void reset() {
        Peers.instance.resetAll();
        Peers.job.resetAll();
        Peers.retention.resetAll();
    }

    @Test
    void eachApiPathIsForwardedToItsOwnerWithTheCallersTokenAndTheAnswerUnchanged() {
        Peers.job.stubFor(get(urlPathEqualTo("/api/v1/jobs")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[],\"nextCursor\":null}")));
        Peers.retention.stubFor(get(urlEqualTo("/api/v1/backup-instances/i-1/recovery-points")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/problem+json").withBody("{\"status\":404}")));
        Peers.instance.stubFor(get(urlEqualTo("/api/v1/backup-instances/i-1")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"i-1\"}")));

        Response jobs = given().header("Authorization", "Bearer t-1").get("/api/v1/jobs?instanceId=i-1");
        assertThat(jobs.statusCode()).isEqualTo(200);
        assertThat(jobs.asString()).isEqualTo("{\"items\":[],\"nextCursor\":null}");
        Peers.job.verify(getRequestedFor(urlEqualTo("/api/v1/jobs?instanceId=i-1"))
                .withHeader("Authorization", equalTo("Bearer t-1")));

        Response points = given().header("Authorization", "Bearer t-1").get("/api/v1/backup-instances/i-1/recovery-points");
        assertThat(points.statusCode()).isEqualTo(404);
        assertThat(points.contentType()).startsWith("application/problem+json");
        assertThat(given().header("Authorization", "Bearer t-1").get("/api/v1/backup-instances/i-1").jsonPath().getString("id"))
                .isEqualTo("i-1");
        Peers.instance.verify(0, getRequestedFor(urlEqualTo("/api/v1/backup-instances/i-1/recovery-points")));
    }

    @Test
    void theJobStreamIsForwardedAsServerSentEvents() {
        String event = "data:{\"id\":\"j-1\",\"status\":\"COMPLETED\"}\n\n";
        Peers.job.stubFor(get(urlPathEqualTo("/api/v1/jobs/stream")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(event)));

        Response stream = given().header("Authorization", "Bearer t-2").get("/api/v1/jobs/stream?instanceId=i-1");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        assertThat(stream.asString()).isEqualTo(event);
    }

    @Test
    void aPageWithoutSignInSendsTheBrowserToSignIn() {
        Response r = given().redirects().follow(false).get("/");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.header("Location")).contains("/sign-in");
        Peers.instance.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aStateChangingRequestWithoutItsCsrfTokenIsRefusedBeforeAnyServiceIsCalled() {
        Response r = given().cookie("pgvault-session", token()).cookie("pgvault-csrf", "abc")
                .contentType("application/x-www-form-urlencoded").formParam("mode", "RETAIN_FOREVER").post("/instances/i-1/stop");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.asString()).contains("CSRF token is missing or does not match");
        Peers.instance.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void signInKeepsTheTokenInAnHttpOnlySameSiteStrictCookie() {
        Peers.instance.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/api/v1/auth/token"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"accessToken\":\"" + token() + "\",\"tokenType\":\"Bearer\",\"expiresIn\":900}")));
        Response page = given().get("/sign-in");
        String csrfCookie = page.cookie("pgvault-csrf");
        String csrfToken = page.asString().replaceAll("(?s).*\"X-CSRF-Token\": \"([^\"]+)\".*", "$1");

        Response r = given().redirects().follow(false).cookie("pgvault-csrf", csrfCookie).header("X-CSRF-Token", csrfToken)
                .contentType("application/x-www-form-urlencoded").formParam("username", "admin").formParam("password", "pw")
                .post("/sign-in");
        assertThat(r.statusCode()).isEqualTo(303);
        String setCookie = r.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith("pgvault-session="))
                .findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Max-Age=900");
        assertThat(setCookie).doesNotContain("pw");
    }

    /** An unsigned token with a subject, a role and an expiry: the console reads its claims, the services verify it. */
    private static String token() {
        String claims = "{\"sub\":\"admin\",\"upn\":\"admin\",\"groups\":[\"backup-admin\"],\"exp\":"
                + (Instant.now().getEpochSecond() + 600) + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
