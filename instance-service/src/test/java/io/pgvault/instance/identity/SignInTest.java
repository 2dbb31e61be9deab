package io.pgvault.instance.identity;

import static io.pgvault.instance.identity.Identity.adminPassword;
import static io.pgvault.instance.identity.Identity.signIn;
import static io.pgvault.instance.identity.Identity.tokenOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.pgvault.platform.security.Roles;
import io.pgvault.platform.security.ServiceTokenHeaders;
import io.pgvault.platform.security.ServiceTokens;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
class SignInTest {

    @Inject
    ServiceTokens serviceTokens;

    @Inject
    ServiceTokenHeaders serviceTokenHeaders;

    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    String verifiedAgainst;

    @Test
    void theFirstAdminSignsInWithThePasswordFromItsFileAndGetsAShortLivedBearerToken() {
        ExtractableResponse<Response> answer = signIn("admin", adminPassword())
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .extract();
        assertThat(answer.<String>path("access_token")).isEqualTo(answer.path("accessToken"));

        given().auth().oauth2(answer.path("accessToken")).when().get("/api/v1/whoami").then()
                .statusCode(200)
                .body("subject", equalTo("admin"))
                .body("issuer", equalTo(TestTokens.ISSUER))
                .body("roles", containsInAnyOrder(Roles.ADMIN, Roles.OPERATOR, Roles.READER));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSame401() {
        ExtractableResponse<Response> wrongPassword = signIn("admin", "not-the-admin-password").statusCode(401)
                .contentType("application/problem+json").extract();
        ExtractableResponse<Response> unknownUser = signIn("nobody-" + System.nanoTime(), adminPassword()).statusCode(401)
                .contentType("application/problem+json").extract();

        assertThat(wrongPassword.<String>path("detail")).isEqualTo("invalid username or password");
        assertThat(unknownUser.body().asString()).isEqualTo(wrongPassword.body().asString());
    }

    @Test
    void aSignInWithoutPasswordIsA400NamingTheField() {
        given().contentType(ContentType.JSON).body(Map.of("username", "admin"))
                .when().post("/api/v1/auth/token").then()
                .statusCode(400)
                .body("errors.field", contains("password"));
    }

    @Test
    void tokensAreVerifiedAgainstTheKeySetThisServicePublishes() {
        String token = tokenOf("admin", adminPassword());
        String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);

        given().when().get("/.well-known/jwks.json").then()
                .statusCode(200)
                .header("Cache-Control", "max-age=300")
                .body("keys.kty", contains("RSA"))
                .body("keys.alg", contains("RS256"))
                .body("keys.use", contains("sig"))
                .body("keys[0].kid", equalTo(header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1")));
        // What job-service and retention-service do: fetch this URL and check the signature with it.
        assertThat(verifiedAgainst).startsWith("http://localhost:").endsWith("/.well-known/jwks.json");
        given().auth().oauth2(token).when().get("/api/v1/whoami").then().statusCode(200);
    }

    @Test
    void aServiceClientGetsAServiceTokenWithClientCredentials() {
        String token = given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "job-service")
                .formParam("client_secret", IdentityTestResource.read(IdentityTestResource.JOB_SERVICE_SECRET))
                .when().post("/api/v1/auth/token").then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .extract().path("access_token");

        given().auth().oauth2(token).when().get("/api/v1/whoami").then()
                .statusCode(200)
                .body("subject", equalTo("job-service"))
                .body("roles", contains(Roles.SERVICE));
    }

    @Test
    void aServiceClientMaySendItsCredentialsAsHttpBasic() {
        String basic = Base64.getEncoder().encodeToString(
                ("hashed-client:" + IdentityTestResource.HASHED_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        given().contentType(ContentType.URLENC).header("Authorization", "Basic " + basic)
                .formParam("grant_type", "client_credentials")
                .when().post("/api/v1/auth/token").then()
                .statusCode(200)
                .body("accessToken", startsWith("ey"));
    }

    @Test
    void aWrongSecretOrAnUnknownClientIsRefusedAsInvalidClient() {
        for (String client : List.of("job-service", "no-such-client", "hashed-client")) {
            given().contentType(ContentType.URLENC)
                    .formParam("grant_type", "client_credentials")
                    .formParam("client_id", client)
                    .formParam("client_secret", "not-the-secret")
                    .when().post("/api/v1/auth/token").then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("error", equalTo("invalid_client"));
        }
    }

    @Test
    void anotherGrantTypeIsRefused() {
        given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("username", "admin")
                .formParam("password", adminPassword())
                .when().post("/api/v1/auth/token").then()
                .statusCode(400)
                .body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void serviceTokensFetchesThisServicesOwnTokenOnceAndReusesIt() throws Throwable {
        String first = serviceTokens.token().await().atMost(Duration.ofSeconds(20));
        String second = serviceTokens.token().await().atMost(Duration.ofSeconds(20));
        assertThat(second).isEqualTo(first);

        given().auth().oauth2(first).when().get("/api/v1/whoami").then()
                .statusCode(200)
                .body("subject", equalTo("instance-service"))
                .body("roles", contains(Roles.SERVICE));

        Map<String, List<String>> headers = serviceTokenHeaders
                .getHeaders(new MultivaluedHashMap<>(), new MultivaluedHashMap<>()).await().atMost(Duration.ofSeconds(20));
        assertThat(headers.get("Authorization")).containsExactly("Bearer " + first);

        serviceTokens.forget();
        assertThat(serviceTokens.token().await().atMost(Duration.ofSeconds(20))).isNotEqualTo(first);
    }
}
