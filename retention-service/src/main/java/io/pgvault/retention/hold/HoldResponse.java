package io.pgvault.retention.hold;

import java.time.Instant;
import java.util.UUID;

/**
 * A hold on a recovery point.
 *
 * @param id              the hold
 * @param recoveryPointId the point it keeps
 * @param kind            why it keeps it
 * @param owner           who holds it (a restore job id, {@code user}, {@code protection-stopped})
 * @param createdAt       when it was taken
 * @param leaseExpiresAt  end of its lease; {@code null} = until released
 * @param active          it keeps the point now (its lease has not ended)
 * @param createdBy       who placed it: the token's subject (the user who pinned, the service that took a
 *                        restore hold) or, for a stop hold, the command's actor ({@code instance-service}
 *                        when the command names none); {@code null} for holds recorded before it was kept
 * @param onBehalfOf      for a restore hold, the user who asked for the restore; otherwise {@code null}
 */
public record HoldResponse(UUID id, UUID recoveryPointId, HoldKind kind, String owner, Instant createdAt,
        Instant leaseExpiresAt, boolean active, String createdBy, String onBehalfOf) {

    public static HoldResponse from(Hold hold, Instant now) {
        return new HoldResponse(hold.id, hold.recoveryPointId, hold.kind, hold.owner, hold.createdAt,
                hold.leaseExpiresAt, hold.activeAt(now), hold.createdBy, hold.onBehalfOf);
    }
}
