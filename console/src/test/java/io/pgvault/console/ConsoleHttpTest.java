package io.pgvault.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Peers.idp.resetAll();
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

    // ---- sign-in at an external OpenID Connect provider (WireMock as the provider) ------------------------------

    @Test
    void signInAtAnExternalProviderChecksTheStateSendsThePkceVerifierAndKeepsTheAccessTokenInTheSessionCookie()
            throws Exception {
        String accessToken = jwt("{\"iss\":\"" + Peers.idp.baseUrl() + "/realms/pgvault\",\"sub\":\"f3a9\",\"upn\":\"dora\","
                + "\"groups\":[\"backup-operator\"],\"exp\":" + (Instant.now().getEpochSecond() + 300) + "}");
        Peers.idp.stubFor(WireMock.post(urlEqualTo("/realms/pgvault/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
        assertThat(given().get("/sign-in").asString()).contains("href=\"/sign-in/oidc\"").doesNotContain("type=\"password\"");

        Response start = given().redirects().follow(false).get("/sign-in/oidc");
        assertThat(start.statusCode()).isEqualTo(303);
        URI authorize = URI.create(start.header("Location"));
        assertThat(authorize.toString()).startsWith(Peers.idp.baseUrl() + "/realms/pgvault/auth?");
        Map<String, String> q = query(authorize.getRawQuery());
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", "pgvault-console")
                .containsEntry("code_challenge_method", "S256").containsEntry("scope", "openid");
        assertThat(q.get("redirect_uri")).endsWith("/sign-in/oidc/callback");
        String stateCookie = start.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith("pgvault-oidc="))
                .findFirst().orElseThrow();
        assertThat(stateCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");

        Response callback = given().redirects().follow(false).cookie("pgvault-oidc", start.cookie("pgvault-oidc"))
                .queryParam("code", "code-42").queryParam("state", q.get("state")).get("/sign-in/oidc/callback");
        assertThat(callback.statusCode()).as(callback.asString()).isEqualTo(200);
        assertThat(callback.asString()).contains("http-equiv=\"refresh\"");
        String session = callback.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith("pgvault-session="))
                .findFirst().orElseThrow();
        assertThat(session).startsWith("pgvault-session=" + accessToken + ";").contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict").contains("Max-Age=");

        // the code went back with the verifier whose S256 challenge the provider was given, and the same redirect URI
        List<LoggedRequest> exchanges = Peers.idp.findAll(postRequestedFor(urlEqualTo("/realms/pgvault/token")));
        assertThat(exchanges).hasSize(1);
        Map<String, String> form = query(exchanges.get(0).getBodyAsString());
        assertThat(form).containsEntry("grant_type", "authorization_code").containsEntry("code", "code-42")
                .containsEntry("client_id", "pgvault-console").containsEntry("redirect_uri", q.get("redirect_uri"));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(form.get("code_verifier").getBytes(StandardCharsets.US_ASCII));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(digest)).isEqualTo(q.get("code_challenge"));

        // and the console now knows the user by the provider's token
        Peers.instance.stubFor(get(urlPathEqualTo("/api/v1/backup-instances")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[],\"total\":0}")));
        Peers.instance.stubFor(get(urlPathEqualTo("/api/v1/backup-policies")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[]}")));
        assertThat(given().cookie("pgvault-session", accessToken).get("/").asString()).contains("dora · backup-operator");
    }

    @Test
    void aProviderCallbackWhoseStateDoesNotMatchItsCookieIsRefusedAndNoCodeIsExchanged() {
        Response start = given().redirects().follow(false).get("/sign-in/oidc");
        String cookie = start.cookie("pgvault-oidc");

        Response forged = given().redirects().follow(false).cookie("pgvault-oidc", cookie).queryParam("code", "stolen")
                .queryParam("state", "another-state").get("/sign-in/oidc/callback");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.asString()).contains("could not be verified");
        assertThat(forged.headers().getValues("Set-Cookie")).noneMatch(c -> c.startsWith("pgvault-session="));

        String state = query(URI.create(start.header("Location")).getRawQuery()).get("state");
        Response noCookie = given().redirects().follow(false).queryParam("code", "stolen").queryParam("state", state)
                .get("/sign-in/oidc/callback");
        assertThat(noCookie.statusCode()).isEqualTo(400);
        String tamperedCookie = cookie.replaceFirst("\\.[^.]+\\.", ".forged-verifier.");
        Response tampered = given().redirects().follow(false).cookie("pgvault-oidc", tamperedCookie)
                .queryParam("code", "stolen").queryParam("state", state).get("/sign-in/oidc/callback");
        assertThat(tampered.statusCode()).isEqualTo(400);
        Peers.idp.verify(0, anyRequestedFor(anyUrl()));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    /** An unsigned token with a subject, a role and an expiry: the console reads its claims, the services verify it. */
    static String token() {
        return token("admin", "backup-admin");
    }

    /** An unsigned token of {@code subject} with {@code roles}. */
    static String token(String subject, String... roles) {
        String groups = String.join("\",\"", roles);
        return jwt("{\"sub\":\"" + subject + "\",\"upn\":\"" + subject + "\",\"groups\":[\"" + groups + "\"],\"exp\":"
                + (Instant.now().getEpochSecond() + 600) + "}");
    }

    /** The CSRF cookie and the page token that goes with it, as a page of the console hands them out. */
    static String[] csrf() {
        Response page = given().get("/sign-in");
        return new String[] {page.cookie("pgvault-csrf"),
                page.asString().replaceAll("(?s).*\"X-CSRF-Token\": \"([^\"]+)\".*", "$1")};
    }

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
