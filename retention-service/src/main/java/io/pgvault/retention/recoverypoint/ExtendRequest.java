package io.pgvault.retention.recoverypoint;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * A new expiry for a point; never earlier than the expiry it was born with.
 *
 * @param expiresAt the new expiry (RFC 3339)
 */
public record ExtendRequest(@NotNull Instant expiresAt) {
}
