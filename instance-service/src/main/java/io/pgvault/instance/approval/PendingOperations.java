package io.pgvault.instance.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.instance.config.InstanceConfig;
import io.pgvault.platform.json.Json;
import io.pgvault.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Multi-user authorization's pending operations: requested by a protected operation while it is on, approved
 * or rejected by a backup-approver who is not the requester, withdrawn by the requester, expired when nobody
 * decided in time. Only an approval acts: the owning feature ({@link ApprovedOperation}) re-checks the state and
 * does what the original request would have done, in the approval's transaction, publishing its command once.
 */
@ApplicationScoped
public class PendingOperations {

    private static final Logger LOG = Logger.getLogger(PendingOperations.class);
    private static final int MAX_COMMENT = 2000;

    private final PendingOperationRepository operations;
    private final Instance<ApprovedOperation> beans;
    /** Filled on first use: the owners depend on this bean too. */
    private volatile Map<ProtectedOperation, ApprovedOperation> owners;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration lifetime;

    public PendingOperations(PendingOperationRepository operations, Instance<ApprovedOperation> owners,
            ObjectMapper json, Clock clock, InstanceConfig config) {
        this.operations = operations;
        this.beans = owners;
        this.json = json;
        this.clock = clock;
        this.lifetime = config.pendingOperationLifetime();
    }

    /**
     * Records a pending operation in the caller's transaction instead of acting, and its REQUESTED step.
     *
     * @param request the original request, replayed on approval (written as JSON)
     * @param scope   the original request's idempotency scope
     * @param key     its Idempotency-Key (or null)
     */
    public Uni<PendingOperationResponse> request(ProtectedOperation operation, UUID instanceId, String target,
            String summary, Object request, String scope, String key, String actor) {
        return request(operation, instanceId, target, null, summary, request, scope, key, actor);
    }

    /** Like the other, recording {@code observedState}, the state the approval will require unchanged. */
    public Uni<PendingOperationResponse> request(ProtectedOperation operation, UUID instanceId, String target,
            String observedState, String summary, Object request, String scope, String key, String actor) {
        Instant now = clock.instant();
        PendingOperation p = new PendingOperation();
        p.id = UUID.randomUUID();
        p.operation = operation;
        p.instanceId = instanceId;
        p.target = target;
        p.observedState = observedState;
        p.summary = summary;
        p.request = request == null ? null : Json.write(json, request);
        p.idempotencyScope = scope;
        p.idempotencyKey = key;
        p.state = PendingState.PENDING;
        p.requestedBy = actor;
        p.requestedAt = now;
        p.expiresAt = now.plus(lifetime);
        return operations.persist(p)
                .call(saved -> owner(saved).record(saved, "REQUESTED", actor))
                .map(PendingOperationResponse::from);
    }

    /** The original request, read back as {@code type}. */
    public <T> T request(PendingOperation p, Class<T> type) {
        return p.request == null ? null : Json.tryRead(json, p.request, type)
                .orElseThrow(() -> new IllegalStateException("pending operation " + p.id + " has an unreadable request"));
    }

    /**
     * Approves: 403 for the requester, 409 unless PENDING and unexpired, 409 (nothing changed) when the owner
     * finds the state changed since the request; otherwise the operation acts and is APPROVED.
     */
    public Uni<PendingOperationResponse> approve(UUID id, String approver, String comment) {
        checkComment(comment);
        return Panache.withSession(() -> find(id))
                .invoke(p -> decidable(p, approver, "approve"))
                .chain(p -> owner(p).check(p))
                .chain(() -> Panache.withTransaction(() -> operations.lock(id).chain(p -> {
                    decidable(p, approver, "approve");
                    return owner(p).approved(p, approver).chain(() -> {
                        decide(p, PendingState.APPROVED, approver, comment);
                        return Uni.createFrom().item(PendingOperationResponse.from(p));
                    });
                })));
    }

    /** Rejects: same rules as an approval (403 for the requester, 409 unless PENDING); nothing happens. */
    @WithTransaction
    public Uni<PendingOperationResponse> reject(UUID id, String approver, String comment) {
        checkComment(comment);
        return operations.lock(id).chain(p -> {
            decidable(p, approver, "reject");
            decide(p, PendingState.REJECTED, approver, comment);
            return owner(p).record(p, "REJECTED", approver).map(x -> PendingOperationResponse.from(p));
        });
    }

    /** Withdraws: only the requester (403 otherwise), only while PENDING (409); nothing happens. */
    @WithTransaction
    public Uni<PendingOperationResponse> withdraw(UUID id, String actor, String comment) {
        checkComment(comment);
        return operations.lock(id).chain(p -> {
            if (p == null) {
                throw ProblemException.notFound("pending operation", id);
            }
            if (!p.requestedBy.equals(actor)) {
                throw new ProblemException(403, "Forbidden", "only its requester " + p.requestedBy
                        + " can withdraw pending operation " + id, List.of(), Map.of("requestedBy", p.requestedBy));
            }
            requirePending(p, "withdraw", clock.instant());
            decide(p, PendingState.WITHDRAWN, actor, comment);
            return owner(p).record(p, "WITHDRAWN", actor).map(x -> PendingOperationResponse.from(p));
        });
    }

    /** One pending operation; 404 if unknown. */
    public Uni<PendingOperationResponse> get(UUID id) {
        return Panache.withSession(() -> find(id)).map(PendingOperationResponse::from);
    }

    /** Newest first, filtered. */
    public Uni<List<PendingOperationResponse>> list(PendingState state, UUID instanceId, String requestedBy, int page,
            int size) {
        return Panache.withSession(() -> operations.search(state, instanceId, requestedBy, page, size))
                .map(l -> l.stream().map(PendingOperationResponse::from).toList());
    }

    /** Marks every pending operation whose time ran out EXPIRED (and logs it); answers how many. */
    public Uni<Integer> expireDue() {
        return Panache.withTransaction(() -> {
            Instant now = clock.instant();
            return operations.lockExpired(now, 500).chain(due -> Multi.createFrom().iterable(due)
                    .onItem().transformToUniAndConcatenate(p -> {
                        decide(p, PendingState.EXPIRED, null, null);
                        p.decidedAt = p.expiresAt;
                        return owner(p).record(p, "EXPIRED", "pgvault").replaceWith(p);
                    })
                    .collect().asList()
                    .map(List::size));
        });
    }

    @Scheduled(identity = "pending-operations-expiry", every = "${pgvault.instance.pending-operation-expiry-every:60s}",
            delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledExpiry() {
        return expireDue().invoke(n -> {
            if (n > 0) {
                LOG.infof("%d pending operation(s) expired unapproved", n);
            }
        }).onFailure().recoverWithItem(f -> {
            LOG.warnf("expiring pending operations failed (%s); the next run retries", f.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    private Uni<PendingOperation> find(UUID id) {
        return operations.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("pending operation", id));
    }

    private void decidable(PendingOperation p, String approver, String verb) {
        if (p == null) {
            throw ProblemException.notFound("pending operation", null);
        }
        if (p.requestedBy.equals(approver)) {
            throw new ProblemException(403, "Forbidden", "you requested pending operation " + p.id
                    + "; another backup-approver must " + verb + " it", List.of(),
                    Map.of("requestedBy", p.requestedBy));
        }
        requirePending(p, verb, clock.instant());
    }

    private static void requirePending(PendingOperation p, String verb, Instant now) {
        if (p.state != PendingState.PENDING) {
            throw ProblemException.conflict("pending operation " + p.id + " is " + p.state + "; only a PENDING one can be "
                    + verb + (verb.endsWith("e") ? "d" : "ed"), Map.of("currentState", p.state.name()));
        }
        if (!p.expiresAt.isAfter(now)) {
            throw ProblemException.conflict("pending operation " + p.id + " expired at " + p.expiresAt
                    + " unapproved; request the operation again", Map.of("currentState", PendingState.EXPIRED.name(),
                    "expiresAt", p.expiresAt.toString()));
        }
    }

    private void decide(PendingOperation p, PendingState state, String by, String comment) {
        p.state = state;
        p.decidedBy = by;
        p.decidedAt = clock.instant();
        p.decisionComment = comment;
    }

    private ApprovedOperation owner(PendingOperation p) {
        if (owners == null) {
            Map<ProtectedOperation, ApprovedOperation> found = new EnumMap<>(ProtectedOperation.class);
            beans.forEach(o -> found.put(o.operation(), o));
            owners = found;
        }
        ApprovedOperation owner = owners.get(p.operation);
        if (owner == null) {
            throw new IllegalStateException("no bean carries out " + p.operation);
        }
        return owner;
    }

    private static void checkComment(String comment) {
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw ProblemException.badField("comment", "size must be between 0 and " + MAX_COMMENT);
        }
    }
}
