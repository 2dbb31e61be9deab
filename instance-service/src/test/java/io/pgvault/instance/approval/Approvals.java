package io.pgvault.instance.approval;

import static io.restassured.RestAssured.given;

import io.pgvault.instance.AsAdmin;
import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.auth.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;

/** The second person of multi-user authorization, and the vault switches the tests flip. */
public final class Approvals {

    /** An approver who is not the requester ({@link AsAdmin#SUBJECT}). */
    public static final String APPROVER = "bob-approver";

    private Approvals() {
    }

    public static String approverToken() {
        return TestTokens.forRoles(APPROVER, Roles.APPROVER);
    }

    /** The requester, who also holds backup-approver: still may not approve its own request. */
    public static String requesterAsApproverToken() {
        return TestTokens.forRoles(AsAdmin.SUBJECT, Roles.ADMIN, Roles.APPROVER);
    }

    public static ValidatableResponse approve(String url, String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("comment", "checked with the team"))
                .post(url + "/approve").then();
    }

    /** Turns multi-user authorization on (immediate: turning it on is not protected). */
    public static void on() {
        given().contentType(ContentType.JSON).body(Map.of("multiUserAuthorization", true)).put("/api/v1/vault")
                .then().statusCode(200);
    }

    /** Turns it off again, which it protects: the request, then the approver's approval. */
    public static void off() {
        String url = given().contentType(ContentType.JSON).body(Map.of("multiUserAuthorization", false))
                .put("/api/v1/vault").then().statusCode(202).extract().path("url");
        approve(url, approverToken()).statusCode(200);
        given().get("/api/v1/vault").then().statusCode(200)
                .body("multiUserAuthorization", org.hamcrest.Matchers.equalTo(false));
    }
}
