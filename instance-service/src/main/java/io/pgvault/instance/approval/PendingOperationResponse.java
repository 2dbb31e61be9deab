package io.pgvault.instance.approval;

import java.time.Instant;
import java.util.UUID;

/**
 * A pending operation as the API shows it.
 *
 * @param id          its id
 * @param operation   what kind of operation
 * @param instanceId  the backup instance it acts on, if any
 * @param target      what else it acts on (a user's name, "vault"), if any
 * @param summary     what it will do
 * @param state       PENDING, APPROVED, REJECTED, WITHDRAWN or EXPIRED
 * @param requestedBy who asked (the token's subject)
 * @param requestedAt when
 * @param expiresAt   when it expires unapproved
 * @param decidedBy   who approved, rejected or withdrew it
 * @param decidedAt   when
 * @param comment     the decider's comment
 * @param url         where to follow it
 */
public record PendingOperationResponse(UUID id, ProtectedOperation operation, UUID instanceId, String target,
        String summary, PendingState state, String requestedBy, Instant requestedAt, Instant expiresAt,
        String decidedBy, Instant decidedAt, String comment, String url) {

    public static final String PATH = "/api/v1/pending-operations";

    public static PendingOperationResponse from(PendingOperation p) {
        return new PendingOperationResponse(p.id, p.operation, p.instanceId, p.target, p.summary, p.state,
                p.requestedBy, p.requestedAt, p.expiresAt, p.decidedBy, p.decidedAt, p.decisionComment,
                PATH + "/" + p.id);
    }
}
