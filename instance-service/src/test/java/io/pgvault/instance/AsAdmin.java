package io.pgvault.instance;

import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.auth.TestTokens;
import io.restassured.RestAssured;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every REST Assured request of a test sends a backup-admin's bearer token (subject {@link #SUBJECT}),
 * unless the request says otherwise ({@code given().auth().oauth2(other)} or {@code .auth().none()}):
 * {@code @ExtendWith(AsAdmin.class)} on a test class whose tests are about something else than roles.
 * The default is put back after each test, so the identity tests and the sweep see none.
 */
public final class AsAdmin implements BeforeEachCallback, AfterEachCallback {

    /** The subject of the default token, as activity logs and commands record the actor. */
    public static final String SUBJECT = "test-admin";

    @Override
    public void beforeEach(ExtensionContext context) {
        RestAssured.authentication = RestAssured.oauth2(TestTokens.forRoles(SUBJECT, Roles.ADMIN));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
    }
}
