package io.pgvault.testinfra.auth;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mints RS256 bearer tokens for tests, signed with the test JVM's key pair ({@link TestKeys#jvm()})
 * for the issuer and audience {@link AuthTestResource} configures, so the service under test accepts them.
 *
 * <pre>{@code given().auth().oauth2(TestTokens.forRoles("alice", Roles.OPERATOR)).get(...)}</pre>
 */
public final class TestTokens {

    public static final String ISSUER = "https://pgvault.test/issuer";
    public static final String AUDIENCE = "pgvault-test";

    private TestTokens() {
    }

    /** A token of {@code subject} holding {@code roles} (none at all is allowed), valid for 15 minutes. */
    public static String forRoles(String subject, String... roles) {
        return token(subject).roles(roles).sign();
    }

    /** The {@code Authorization} header value for {@link #forRoles}. */
    public static String bearer(String subject, String... roles) {
        return "Bearer " + forRoles(subject, roles);
    }

    /** A token that expired an hour ago (beyond any clock skew allowance). */
    public static String expired(String subject, String... roles) {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return token(subject).roles(roles).issuedAt(past).expiresAt(past.plus(Duration.ofHours(1))).sign();
    }

    /** A token to shape further: another issuer, audience, key, claim. */
    public static Builder token(String subject) {
        return new Builder(subject);
    }

    /** The claims and key of one token; by default the test issuer, audience and key, 15 minutes. */
    public static final class Builder {

        private final String subject;
        private final Set<String> roles = new LinkedHashSet<>();
        private String issuer = ISSUER;
        private String audience = AUDIENCE;
        private Instant issuedAt = Instant.now();
        private Instant expiresAt = issuedAt.plus(Duration.ofMinutes(15));
        private TestKeys keys;
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private boolean rolesAsGroups = true;

        private Builder(String subject) {
            this.subject = subject;
        }

        public Builder roles(String... names) {
            roles.addAll(List.of(names));
            return this;
        }

        public Builder issuer(String value) {
            issuer = value;
            return this;
        }

        public Builder audience(String value) {
            audience = value;
            return this;
        }

        public Builder issuedAt(Instant value) {
            issuedAt = value;
            return this;
        }

        public Builder expiresAt(Instant value) {
            expiresAt = value;
            return this;
        }

        /** Signs with another key pair than the JVM's. */
        public Builder signedWith(TestKeys value) {
            keys = value;
            return this;
        }

        /** Any other claim, e.g. Keycloak's {@code realm_access}. */
        public Builder claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        /** Puts the roles in Keycloak's {@code realm_access.roles} instead of {@code groups}. */
        public Builder rolesInRealmAccess() {
            rolesAsGroups = false;
            return this;
        }

        public String sign() {
            TestKeys signer = keys == null ? TestKeys.jvm() : keys;
            JwtClaimsBuilder jwt = Jwt.issuer(issuer).audience(audience).subject(subject).upn(subject)
                    .issuedAt(issuedAt).expiresAt(expiresAt);
            if (rolesAsGroups) {
                jwt.groups(roles);
            } else {
                jwt.claim("realm_access", Map.of("roles", List.copyOf(roles)));
            }
            claims.forEach(jwt::claim);
            return jwt.jws().keyId(signer.keyId()).sign(signer.privateKey());
        }
    }
}
