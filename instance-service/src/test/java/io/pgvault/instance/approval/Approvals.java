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

    /**
     * The approver as a user of the embedded issuer (multi-user authorization is turned on only when such a user
     * exists); created once, answers its id.
     */
    public static String approverUser() {
        var users = given().get("/api/v1/users").then().statusCode(200).extract().jsonPath();
        String id = users.getString("find { it.username == '" + APPROVER + "' }.id");
        if (id != null) {
            return id;
        }
        return given().contentType(ContentType.JSON).body(Map.of("username", APPROVER, "password",
                        "approver-" + java.util.UUID.randomUUID(), "roles", java.util.List.of(Roles.APPROVER)))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
    }

    /**
     * Disables every enabled approver user but {@link #APPROVER} (while multi-user authorization is off), answers
     * their ids to give back to {@link #enable}.
     */
    public static java.util.List<String> disableOtherApprovers() {
        java.util.List<String> ids = given().get("/api/v1/users").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.enabled && it.roles.contains('" + Roles.APPROVER + "') && it.username != '"
                        + APPROVER + "' }.id");
        ids.forEach(id -> given().post("/api/v1/users/" + id + "/disable").then().statusCode(200));
        return ids;
    }

    public static void enable(java.util.List<String> ids) {
        ids.forEach(id -> given().post("/api/v1/users/" + id + "/enable").then().statusCode(200));
    }

    /** Turns multi-user authorization on (immediate: turning it on is not protected). */
    public static void on() {
        approverUser();
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
