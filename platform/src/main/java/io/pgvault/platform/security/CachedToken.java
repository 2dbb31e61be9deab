package io.pgvault.platform.security;

import java.time.Duration;
import java.time.Instant;

/**
 * A service token and when to stop using it: {@code refreshBefore} ahead of its expiry, but never more
 * than half its lifetime ahead, so a short-lived token is still reused.
 */
record CachedToken(String value, Instant replaceAt) {

    static CachedToken of(String value, Instant issuedAt, Duration lifetime, Duration refreshBefore) {
        Duration margin = refreshBefore.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshBefore;
        return new CachedToken(value, issuedAt.plus(lifetime).minus(margin));
    }

    boolean usableAt(Instant now) {
        return now.isBefore(replaceAt);
    }
}
