package io.pgvault.retention.vault;

import io.pgvault.contracts.common.Immutability;
import io.pgvault.contracts.common.RetentionDuration;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * When immutability lets a point go. Under ENABLED or LOCKED a point goes only when every record of its
 * expiry says so: the current expiry, the birth expiry, and the expiry its own rule gives from its creation
 * time. So a row edited to look deletable (an expiry moved into the past by hand) is still kept: the rule
 * and creation time it was born with still say when it may go.
 */
public final class ImmutabilityRule {

    private ImmutabilityRule() {
    }

    /**
     * Until when immutability keeps the point: the latest of its expiries; {@code null} = forever (it has no
     * expiry, or its rule cannot be read).
     */
    public static Instant keptUntil(PointFacts p) {
        if (p.expiresAt() == null || p.birthExpiresAt() == null || p.rule() == null) {
            return null;
        }
        Instant byRule;
        try {
            ZoneId zone = p.timeZone() == null || p.timeZone().isBlank() ? ZoneOffset.UTC : ZoneId.of(p.timeZone());
            byRule = RetentionDuration.parse(p.rule()).addTo(p.createdAt().atZone(zone)).toInstant();
        } catch (IllegalArgumentException | DateTimeException e) {
            return null;
        }
        Instant latest = p.expiresAt();
        if (p.birthExpiresAt().isAfter(latest)) {
            latest = p.birthExpiresAt();
        }
        return byRule.isAfter(latest) ? byRule : latest;
    }

    /** Whether the vault lets the point be deleted at {@code at}: always when DISABLED; else only once expired. */
    public static boolean allowsDeletion(Immutability immutability, PointFacts p, Instant at) {
        if (!immutability.protectsPoints()) {
            return true;
        }
        Instant until = keptUntil(p);
        return until != null && !until.isAfter(at);
    }
}
