package io.pgvault.job;

import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.auth.TestTokens;
import io.restassured.RestAssured;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every REST Assured call of a test class marked {@code @ExtendWith(SignedInAsAdmin.class)} carries a
 * {@code backup-admin} bearer token of subject {@value #SUBJECT} (from {@link TestTokens}, which the
 * service trusts through {@code AuthTestResource}), unless a call sets its own ({@code auth().oauth2(...)}).
 * The default is removed after each test, so tests about tokens and roles start without one.
 */
public class SignedInAsAdmin implements BeforeEachCallback, AfterEachCallback {

    public static final String SUBJECT = "test-admin";

    @Override
    public void beforeEach(ExtensionContext context) {
        RestAssured.authentication = RestAssured.oauth2(TestTokens.forRoles(SUBJECT, Roles.ADMIN));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
    }

    /** The {@code Authorization} header value of the same admin, for clients other than REST Assured. */
    public static String bearer() {
        return TestTokens.bearer(SUBJECT, Roles.ADMIN);
    }
}
