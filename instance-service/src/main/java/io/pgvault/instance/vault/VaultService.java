package io.pgvault.instance.vault;

import io.pgvault.contracts.common.Immutability;
import io.pgvault.contracts.instance.VaultSettingsChanged;
import io.pgvault.instance.approval.ApprovedOperation;
import io.pgvault.instance.approval.PendingOperation;
import io.pgvault.instance.approval.PendingOperations;
import io.pgvault.instance.approval.ProtectedOperation;
import io.pgvault.platform.idempotency.Answer;
import io.pgvault.platform.outbox.Outbox;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The vault settings' use cases. A change is validated against the current settings ({@link VaultRules}); under
 * multi-user authorization a protected change waits for its approver; applying one writes the row, the vault's
 * activity entry and VaultSettingsChanged (retention-service applies it) in one transaction.
 */
@ApplicationScoped
public class VaultService implements ApprovedOperation {

    private static final Logger LOG = Logger.getLogger(VaultService.class);

    /** The actor of a change config asked for at start-up. */
    public static final String CONFIG = "config";

    private final VaultRepository vault;
    private final VaultActivityRepository activity;
    private final PendingOperations pending;
    private final Outbox outbox;
    private final Approvers approvers;
    private final Clock clock;

    public VaultService(VaultRepository vault, VaultActivityRepository activity, PendingOperations pending,
            Outbox outbox, Approvers approvers, Clock clock) {
        this.approvers = approvers;
        this.vault = vault;
        this.activity = activity;
        this.pending = pending;
        this.outbox = outbox;
        this.clock = clock;
    }

    @WithSession
    public Uni<VaultResponse> get() {
        return vault.settings().map(VaultResponse::from);
    }

    /** The settings now, in the caller's session: other features ask whether MUA is on, or the vault immutable. */
    public Uni<VaultRules.Settings> current() {
        return vault.settings().map(VaultRules.Settings::of);
    }

    @WithSession
    public Uni<List<VaultActivity>> activity() {
        return activity.newestFirst();
    }

    /**
     * Changes the settings: 200 with them, or, under multi-user authorization for a protected change, 202 with
     * the pending operation; 400/409 as {@link VaultRules#next} says, nothing written.
     */
    @WithTransaction
    public Uni<Answer> change(VaultRequest request, String actor, String scope, String key) {
        return vault.lock().chain(row -> {
            VaultRules.Settings current = VaultRules.Settings.of(row);
            VaultRules.Settings next = VaultRules.next(current, request);
            if (next.equals(current)) {
                return Uni.createFrom().item(Answer.ok(VaultResponse.from(row)));
            }
            return approverFor(current, next, actor).chain(() -> changeChecked(row, current, next, request, actor,
                    scope, key));
        });
    }

    /**
     * Turning multi-user authorization on needs someone other than the requester who can approve: without one,
     * every protected operation would wait until it expires. 409 naming the setting otherwise.
     */
    private Uni<Void> approverFor(VaultRules.Settings current, VaultRules.Settings next, String actor) {
        if (current.multiUserAuthorization() || !next.multiUserAuthorization()) {
            return Uni.createFrom().voidItem();
        }
        return approvers.existsOtherThan(actor).invoke(exists -> {
            if (!exists) {
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("setting", "multiUserAuthorization");
                facts.put("requiredRole", Roles.APPROVER);
                throw ProblemException.conflict("multi-user authorization needs an enabled user with role "
                        + Roles.APPROVER + " other than " + actor + ", or every protected operation would wait until"
                        + " it expires: create one first (POST /api/v1/users)", facts);
            }
        }).replaceWithVoid();
    }

    private Uni<Answer> changeChecked(VaultSettings row, VaultRules.Settings current, VaultRules.Settings next,
            VaultRequest request, String actor, String scope, String key) {
        if (current.multiUserAuthorization() && VaultRules.isProtected(current, next)) {
            return pending.request(ProtectedOperation.CHANGE_VAULT, null, "vault",
                            "change the vault: " + VaultRules.describe(current, next), request, scope, key, actor)
                    .map(op -> Answer.accepted(op.url(), op));
        }
        return apply(row, next, actor, null, UUID.randomUUID()).map(Answer::ok);
    }

    @Override
    public ProtectedOperation operation() {
        return ProtectedOperation.CHANGE_VAULT;
    }

    /** The approved change, validated again against the settings now (409 if they moved so it no longer fits). */
    @Override
    public Uni<Void> approved(PendingOperation op, String approver) {
        VaultRequest request = pending.request(op, VaultRequest.class);
        return vault.lock().chain(row -> apply(row, VaultRules.next(VaultRules.Settings.of(row), request),
                op.requestedBy, approver, op.commandEventId())).replaceWithVoid();
    }

    @Override
    public Uni<Void> record(PendingOperation op, String step, String actor) {
        return activity.record("CHANGE_VAULT_" + step, actor, null, op.summary + " (pending operation " + op.id + ")");
    }

    /** Raises the settings to what config asks (never lowers them); called once at start-up. */
    @WithTransaction
    public Uni<VaultResponse> raiseFromConfig(Immutability immutability, boolean multiUserAuthorization, int floor) {
        return vault.lock().chain(row -> {
            VaultRules.Settings current = VaultRules.Settings.of(row);
            Immutability wanted = immutability == null ? current.immutability() : current.immutability().atLeast(immutability);
            if (immutability != null && wanted != immutability) {
                LOG.warnf("config asks for immutability %s; the vault is %s, which config cannot lower",
                        immutability, current.immutability());
            }
            boolean mua = current.multiUserAuthorization() || multiUserAuthorization;
            VaultRules.Settings next = new VaultRules.Settings(wanted,
                    wanted == Immutability.LOCKED ? current.minRetention() : null,
                    wanted == Immutability.LOCKED ? current.maxRetention() : null, current.gracePeriod(), mua,
                    // config gives the floor's first value only; afterwards it is the API's (never lowered under
                    // ENABLED or LOCKED)
                    current.floor() == null ? Integer.valueOf(floor) : current.floor());
            if (next.equals(current)) {
                return Uni.createFrom().item(VaultResponse.from(row));
            }
            LOG.infof("vault raised by config: %s", VaultRules.describe(current, next));
            if (!current.multiUserAuthorization() && mua) {
                // not refused: config is how the first start turns it on, before any approver can exist
                LOG.warnf("multi-user authorization is on from config: until a user with role %s exists, every"
                        + " protected operation waits until it expires", Roles.APPROVER);
            }
            return apply(row, next, CONFIG, null, UUID.randomUUID());
        });
    }

    private Uni<VaultResponse> apply(VaultSettings row, VaultRules.Settings next, String actor, String approver,
            UUID eventId) {
        VaultRules.Settings before = VaultRules.Settings.of(row);
        Instant now = clock.instant();
        row.immutability = next.immutability();
        row.minRetention = next.minRetention();
        row.maxRetention = next.maxRetention();
        row.gracePeriod = next.gracePeriod();
        row.multiUserAuthorization = next.multiUserAuthorization();
        row.floor = next.floor();
        if (next.immutability() == Immutability.LOCKED && row.lockedAt == null) {
            row.lockedAt = now;
        }
        row.changedAt = now;
        row.changedBy = actor;
        row.approvedBy = approver;
        return outbox.publish(new VaultSettingsChanged(eventId, VaultSettingsChanged.VAULT, now, row.immutability,
                        row.minRetention, row.maxRetention, row.gracePeriod, row.multiUserAuthorization, row.floor, actor, approver))
                .call(() -> activity.record("VAULT_CHANGED", actor, approver, VaultRules.describe(before, next)))
                .map(x -> VaultResponse.from(row));
    }
}
