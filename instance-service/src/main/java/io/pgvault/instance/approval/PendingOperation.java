package io.pgvault.instance.approval;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** A protected operation waiting for (or done with) its second person. */
@Entity
@Table(name = "pending_operation")
public class PendingOperation extends PanacheEntityBase {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public ProtectedOperation operation;

    /** The backup instance it acts on, if any. */
    @Column(name = "instance_id")
    public UUID instanceId;

    /** What else it acts on: a user's name, "vault". */
    public String target;

    /** The state of what it acts on when it was requested (an instance's protection state); approval re-checks it. */
    @Column(name = "observed_state")
    public String observedState;

    /** What it will do, for a human. */
    public String summary;

    /** The original request as JSON, replayed on approval. */
    public String request;

    /** Scope and Idempotency-Key of the original request: its retry answers this pending operation. */
    @Column(name = "idempotency_scope")
    public String idempotencyScope;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Enumerated(EnumType.STRING)
    public PendingState state;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "decision_comment")
    public String decisionComment;

    /**
     * The id of the command its approval publishes: derived from the operation, so however the approval is
     * retried or raced, consumers (whose inbox is keyed by event id) act on it once.
     */
    public UUID commandEventId() {
        return UUID.nameUUIDFromBytes(("pgvault:pending-operation:" + id).getBytes(StandardCharsets.UTF_8));
    }
}
