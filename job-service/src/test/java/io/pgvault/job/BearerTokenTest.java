package io.pgvault.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.TestKeys;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * job-service verifies bearer tokens the way it does in production: against a key set fetched over
 * HTTP ({@code mp.jwt.verify.publickey.location}), in the format instance-service's embedded issuer
 * serves ({@link InstanceServiceKeySet}), with the issuer and audience checked.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@QuarkusTestResource(value = VerifierAuthTestResource.class,
        initArgs = @ResourceArg(name = "jwks-url", value = "http://127.0.0.1:${quarkus.http.port}/.well-known/jwks.json"))
class BearerTokenTest {

    @Test
    void aUsersTokenIsAcceptedWithTheRolesItsRoleIncludes() {
        given().auth().oauth2(TestTokens.forRoles("alice", Roles.OPERATOR))
                .when().get("/api/v1/whoami").then()
                .statusCode(200)
                .body("subject", equalTo("alice"))
                .body("issuer", equalTo(TestTokens.ISSUER))
                .body("roles", containsInAnyOrder(Roles.OPERATOR, Roles.READER));
    }

    @Test
    void aServiceTokenCarriesTheServiceRoleOnly() {
        given().auth().oauth2(TestTokens.forRoles("instance-service", Roles.SERVICE))
                .when().get("/api/v1/whoami").then()
                .statusCode(200)
                .body("subject", equalTo("instance-service"))
                .body("roles", contains(Roles.SERVICE));
    }

    @Test
    void withoutATokenTheAnswerIs401NamingNoRoleForAnySignedInCaller() {
        given().when().get("/api/v1/whoami").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("requiredRoles", empty());
    }

    @Test
    void expiredForeignOrMisaddressedTokensAreRefused() {
        given().auth().oauth2(TestTokens.expired("alice", Roles.ADMIN)).when().get("/api/v1/whoami").then()
                .statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.token("alice").roles(Roles.ADMIN).signedWith(TestKeys.generate()).sign())
                .when().get("/api/v1/whoami").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("alice").roles(Roles.ADMIN).audience("another-api").sign())
                .when().get("/api/v1/whoami").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("alice").roles(Roles.ADMIN).issuer("https://elsewhere.test").sign())
                .when().get("/api/v1/whoami").then().statusCode(401);
        given().auth().oauth2("not-a-jwt").when().get("/api/v1/whoami").then().statusCode(401);
    }
}
