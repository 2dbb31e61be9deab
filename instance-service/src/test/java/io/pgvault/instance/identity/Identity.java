package io.pgvault.instance.identity;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;

/** What the identity tests do over and over, through the public API. */
public final class Identity {

    /**
     * instance-service verifies tokens against its own key set URL, as its peers do. Every identity test
     * class declares the same resources: PgVaultTestResource (pgvault_instance), AuthTestResource with
     * {@code jwks-url} = this, and IdentityTestResource.
     */
    public static final String OWN_JWKS = "http://localhost:${quarkus.http.test-port}/.well-known/jwks.json";

    private Identity() {
    }

    /** Signs a user in with JSON. */
    static ValidatableResponse signIn(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .when().post("/api/v1/auth/token").then();
    }

    /** Signs in and answers the access token. */
    static String tokenOf(String username, String password) {
        return signIn(username, password).statusCode(200).extract().path("accessToken");
    }

    /** The first admin's password, as scripts/run stores it. */
    static String adminPassword() {
        return IdentityTestResource.read(IdentityTestResource.ADMIN_PASSWORD);
    }
}
