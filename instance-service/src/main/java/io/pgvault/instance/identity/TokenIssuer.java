package io.pgvault.instance.identity;

import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.AuthConfig;
import io.pgvault.platform.security.JsonWebKeys;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.Key;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The embedded issuer's signing: RS256 tokens for {@code pgvault.auth.issuer} and
 * {@code pgvault.auth.audience}, and the public key set verifiers read. The key is read once at
 * start-up from {@code pgvault.auth.embedded-issuer.signing-key-location} (a PKCS#8 PEM or a JWK
 * file); it is never generated here, so every replica and every restart signs with the same key.
 */
@ApplicationScoped
public class TokenIssuer {

    private static final Logger LOG = Logger.getLogger(TokenIssuer.class);

    /** Verifiers judge expiry by the system clock, so tokens are stamped by it too (tests move the Clock bean). */
    private static final Clock SYSTEM = Clock.systemUTC();

    private final EmbeddedIssuerConfig config;
    private final AuthConfig auth;
    private volatile SigningKey key;

    public TokenIssuer(EmbeddedIssuerConfig config, AuthConfig auth) {
        this.config = config;
        this.auth = auth;
    }

    void load(@Observes StartupEvent start) {
        if (!config.enabled()) {
            LOG.info("embedded issuer off (pgvault.auth.embedded-issuer.enabled=false): tokens come from "
                    + "the identity provider at " + auth.jwksUrl());
            return;
        }
        if (config.signingKeyLocation().isEmpty()) {
            LOG.warn("embedded issuer has no signing key (pgvault.auth.embedded-issuer.signing-key-location, "
                    + "env PGVAULT_SIGNING_KEY_FILE): sign-in and the key set answer 503 until one is configured");
            return;
        }
        String location = config.signingKeyLocation().get();
        try {
            Key read = KeyUtils.readSigningKey(location, null, SignatureAlgorithm.RS256);
            if (!(read instanceof PrivateKey privateKey)) {
                throw new IllegalStateException("it holds no RSA private key");
            }
            key = SigningKey.of(privateKey);
            LOG.infof("embedded issuer signs tokens for %s with key %s", auth.issuer(), key.keyId());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the signing key " + location + ": " + e.getMessage(), e);
        }
    }

    /** A token of {@code subject} holding {@code roles}, valid for {@code pgvault.auth.embedded-issuer.token-ttl}. */
    public IssuedToken issue(String subject, Collection<String> roles) {
        SigningKey signing = requireKey();
        Instant now = SYSTEM.instant();
        Duration ttl = config.tokenTtl();
        String token = Jwt.issuer(auth.issuer())
                .audience(auth.audience())
                .subject(subject)
                .upn(subject)
                .groups(new LinkedHashSet<>(roles))
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .jws().keyId(signing.keyId())
                .sign(signing.privateKey());
        return new IssuedToken(token, ttl.toSeconds());
    }

    /** The JWKS document of the signing key. */
    public Map<String, Object> keySet() {
        return JsonWebKeys.keySet(List.of(requireKey().publicKey()));
    }

    /** Whether this service signs tokens for its own users (else an external identity provider does). */
    public boolean enabled() {
        return config.enabled();
    }

    /** 404 when the embedded issuer is off: its endpoints do not exist then. */
    public void requireEnabled() {
        if (!config.enabled()) {
            throw new ProblemException(404, "Not found",
                    "the embedded issuer is off (pgvault.auth.embedded-issuer.enabled=false): sign in with the identity provider",
                    List.of(), Map.of());
        }
    }

    private SigningKey requireKey() {
        requireEnabled();
        SigningKey signing = key;
        if (signing == null) {
            throw new ProblemException(503, "Service unavailable",
                    "the embedded issuer has no signing key: set pgvault.auth.embedded-issuer.signing-key-location",
                    List.of(), Map.of());
        }
        return signing;
    }
}
