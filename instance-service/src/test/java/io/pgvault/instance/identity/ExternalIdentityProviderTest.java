package io.pgvault.instance.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.auth.TestKeys;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ExternalIdentityProvider.class)
class ExternalIdentityProviderTest {

    private static String providerToken(String subject, String... roles) {
        return TestTokens.token(subject).roles(roles).rolesInRealmAccess()
                .issuer(ExternalIdentityProvider.ISSUER).audience(ExternalIdentityProvider.AUDIENCE)
                .signedWith(ExternalIdentityProvider.keys())
                .sign();
    }

    @Test
    void aTokenOfTheProviderIsAcceptedWithItsRolesFromTheConfiguredClaim() {
        given().auth().oauth2(providerToken("kate@example.test", Roles.OPERATOR))
                .when().get("/api/v1/whoami").then()
                .statusCode(200)
                .body("subject", equalTo("kate@example.test"))
                .body("issuer", equalTo(ExternalIdentityProvider.ISSUER))
                .body("roles", containsInAnyOrder(Roles.OPERATOR, Roles.READER));
    }

    @Test
    void aTokenSignedWithAKeyOutsideTheProvidersKeySetIsRefused() {
        String forged = TestTokens.token("mallory").roles(Roles.ADMIN).rolesInRealmAccess()
                .issuer(ExternalIdentityProvider.ISSUER).audience(ExternalIdentityProvider.AUDIENCE)
                .signedWith(TestKeys.generate())
                .sign();
        given().auth().oauth2(forged).when().get("/api/v1/whoami").then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        String other = TestTokens.token("kate").roles(Roles.ADMIN).rolesInRealmAccess()
                .issuer("https://idp.example.test/realms/other").audience(ExternalIdentityProvider.AUDIENCE)
                .signedWith(ExternalIdentityProvider.keys())
                .sign();
        given().auth().oauth2(other).when().get("/api/v1/whoami").then().statusCode(401);
    }

    @Test
    void theEmbeddedIssuersEndpointsDoNotExist() {
        given().contentType(ContentType.JSON).body(Map.of("username", "admin", "password", "whatever-it-is"))
                .when().post("/api/v1/auth/token").then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", "job-service").formParam("client_secret", "x")
                .when().post("/api/v1/auth/token").then()
                .statusCode(404);
        given().when().get("/.well-known/jwks.json").then().statusCode(404);
        given().auth().oauth2(providerToken("kate", Roles.ADMIN)).when().get("/api/v1/users").then().statusCode(404);
    }
}
