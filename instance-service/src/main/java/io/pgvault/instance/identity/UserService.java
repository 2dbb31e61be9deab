package io.pgvault.instance.identity;

import io.pgvault.instance.approval.PendingOperation;
import io.pgvault.instance.approval.PendingOperations;
import io.pgvault.instance.approval.ProtectedOperation;
import io.pgvault.instance.vault.VaultService;
import io.pgvault.platform.idempotency.Answer;
import io.pgvault.platform.problem.FieldErrors;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Use cases of the embedded issuer's users; each change is written to the user activity log with its actor. */
@ApplicationScoped
public class UserService {

    /** The actor of the first admin, created at start-up. */
    public static final String BOOTSTRAP = "bootstrap";

    private final UserRepository users;
    private final UserActivityRepository activity;
    private final TokenIssuer issuer;
    private final VaultService vault;
    private final PendingOperations pending;
    private final Vertx vertx;
    private final Clock clock;

    public UserService(UserRepository users, UserActivityRepository activity, TokenIssuer issuer, VaultService vault,
            PendingOperations pending, Vertx vertx, Clock clock) {
        this.vault = vault;
        this.pending = pending;
        this.users = users;
        this.activity = activity;
        this.issuer = issuer;
        this.vertx = vertx;
        this.clock = clock;
    }

    /** Creates a user; 400 naming each bad field, 409 when the name is taken. */
    @WithTransaction
    public Uni<User> create(CreateUserRequest request, String actor) {
        issuer.requireEnabled();
        UserRules.Checked checked = UserRules.checkNew(request.username(), request.password(), request.roles());
        return users.findByUsername(checked.username())
                .invoke(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("user " + checked.username() + " exists",
                                Map.of("userId", existing.id.toString()));
                    }
                })
                .chain(() -> hash(checked.password()))
                .chain(hash -> users.persist(newUser(checked.username(), hash, checked.roles())))
                .call(user -> activity.record("USER_CREATED", actor, user, "roles " + user.roles));
    }

    /** Disables a user, who can no longer sign in; 409 for the last enabled backup-admin. */
    @WithTransaction
    public Uni<User> disable(UUID id, String actor) {
        return find(id).chain(user -> {
            if (!user.enabled) {
                return Uni.createFrom().item(user);
            }
            Uni<Void> lastAdminCheck = !user.roles.contains(Roles.ADMIN)
                    ? Uni.createFrom().voidItem()
                    : users.countEnabledWithRole(Roles.ADMIN, user.id).invoke(others -> {
                        if (others == 0) {
                            throw ProblemException.conflict("user " + user.username
                                    + " is the last enabled backup-admin: enable or create another one first", Map.of());
                        }
                    }).replaceWithVoid();
            return lastAdminCheck.chain(() -> keepsAnApprover(user, Set.of())).chain(() -> {
                user.enabled = false;
                user.updatedAt = clock.instant();
                return activity.record("USER_DISABLED", actor, user, null).replaceWith(user);
            });
        });
    }

    /** Enables a disabled user again. */
    @WithTransaction
    public Uni<User> enable(UUID id, String actor) {
        return find(id).chain(user -> {
            if (user.enabled) {
                return Uni.createFrom().item(user);
            }
            user.enabled = true;
            user.updatedAt = clock.instant();
            return activity.record("USER_ENABLED", actor, user, null).replaceWith(user);
        });
    }

    /** Sets a new password; 400 if it is too short. */
    @WithTransaction
    public Uni<User> resetPassword(UUID id, ResetPasswordRequest request, String actor) {
        String password = UserRules.checkPassword(request.password());
        return find(id).chain(user -> hash(password).chain(hash -> {
            Instant now = clock.instant();
            user.passwordHash = hash;
            user.passwordChangedAt = now;
            user.updatedAt = now;
            return activity.record("PASSWORD_RESET", actor, user, null).replaceWith(user);
        }));
    }

    /**
     * Gives a user other roles: 200 with the user, or, under multi-user authorization, 202 with the pending
     * operation; 400 naming a bad role; 409 when it would leave no enabled backup-admin.
     */
    @WithTransaction
    public Uni<Answer> changeRoles(UUID id, RolesRequest request, String actor, String scope, String key) {
        issuer.requireEnabled();
        FieldErrors errors = new FieldErrors();
        Set<String> roles = UserRules.roles(request.roles(), errors);
        errors.throwIfAny();
        return locked(id).chain(user -> {
            if (user.roles.equals(roles)) {
                return Uni.createFrom().item(Answer.ok(UserResponse.from(user)));
            }
            return keepsAnAdmin(user, roles).chain(() -> keepsAnApprover(user, roles)).chain(() -> vault.current())
                    .chain(settings -> settings.multiUserAuthorization()
                    ? pending.request(ProtectedOperation.CHANGE_USER_ROLES, null, user.username, roleText(user.roles),
                                    "change the roles of " + user.username + " from " + roleText(user.roles) + " to "
                                            + roleText(roles), new RolesRequest(List.copyOf(roles)), scope, key, actor)
                            .map(op -> Answer.accepted(op.url(), op))
                    : setRoles(user, roles, actor, null).map(u -> Answer.ok(UserResponse.from(u))));
        });
    }

    /** An approved role change: acts if the user's roles are still what they were when it was requested (else 409). */
    Uni<Void> approvedRoles(PendingOperation op, String approver) {
        RolesRequest request = pending.request(op, RolesRequest.class);
        return users.findByUsername(op.target).chain(found -> {
            if (found == null) {
                throw ProblemException.conflict("user " + op.target + " no longer exists", Map.of("username", op.target));
            }
            return locked(found.id);
        }).chain(user -> {
            if (!roleText(user.roles).equals(op.observedState)) {
                throw ProblemException.conflict("the roles of " + user.username + " changed since pending operation " + op.id
                        + " was requested: they were " + op.observedState + " and are " + roleText(user.roles)
                        + "; nothing was done", Map.of("currentRoles", roleText(user.roles)));
            }
            Set<String> roles = new java.util.LinkedHashSet<>(request.roles());
            return keepsAnAdmin(user, roles).chain(() -> keepsAnApprover(user, roles))
                    .chain(() -> setRoles(user, roles, op.requestedBy, approver));
        }).replaceWithVoid();
    }

    /** Writes a step of a pending role change to the user activity log. */
    Uni<Void> recordPending(PendingOperation op, String step, String actor) {
        return users.findByUsername(op.target).chain(user -> user == null ? Uni.createFrom().voidItem()
                : activity.record("ROLES_CHANGE_" + step, actor, user, op.summary + " (pending operation " + op.id + ")"));
    }

    private Uni<User> setRoles(User user, Set<String> roles, String actor, String approver) {
        String detail = "roles " + roleText(user.roles) + " → " + roleText(roles)
                + (approver == null ? "" : ", approved by " + approver);
        user.roles = roles;
        user.updatedAt = clock.instant();
        return activity.record("ROLES_CHANGED", actor, user, detail).replaceWith(user);
    }

    /** 409 when taking backup-admin from this enabled user leaves no enabled backup-admin. */
    private Uni<Void> keepsAnAdmin(User user, Set<String> roles) {
        if (!user.enabled || !user.roles.contains(Roles.ADMIN) || roles.contains(Roles.ADMIN)) {
            return Uni.createFrom().voidItem();
        }
        return users.countEnabledWithRole(Roles.ADMIN, user.id).invoke(others -> {
            if (others == 0) {
                throw ProblemException.conflict("user " + user.username
                        + " is the last enabled backup-admin: give the role to another user first", Map.of());
            }
        }).replaceWithVoid();
    }

    /**
     * Under multi-user authorization, 409 when taking backup-approver from this enabled user (by a role change or
     * by disabling them: {@code roles} empty) leaves no enabled approver. Refused rather than merely protected: its
     * approval would be the last approver's own, and afterwards every protected operation would wait until it
     * expires; turn multi-user authorization off first, or give the role to another user.
     */
    private Uni<Void> keepsAnApprover(User user, Set<String> roles) {
        if (!user.enabled || !user.roles.contains(Roles.APPROVER) || roles.contains(Roles.APPROVER)) {
            return Uni.createFrom().voidItem();
        }
        return vault.current().chain(settings -> !settings.multiUserAuthorization() ? Uni.createFrom().voidItem()
                : users.countEnabledWithRole(Roles.APPROVER, user.id).invoke(others -> {
                    if (others == 0) {
                        throw ProblemException.conflict("user " + user.username + " is the last enabled "
                                + Roles.APPROVER + " and multi-user authorization is on: give the role to another user"
                                + " first, or every protected operation would wait until it expires",
                                Map.of("setting", "multiUserAuthorization", "requiredRole", Roles.APPROVER));
                    }
                }).replaceWithVoid());
    }

    private Uni<User> locked(UUID id) {
        return users.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("user", id));
    }

    private static String roleText(Set<String> roles) {
        return String.join(",", new java.util.TreeSet<>(roles));
    }

    /** Creates the first user, a backup-admin, unless any user exists; answers it, or null. */
    @WithTransaction
    public Uni<User> bootstrapAdmin(String username, String passwordHash) {
        return users.count().chain(count -> count > 0
                ? Uni.createFrom().nullItem()
                : users.persist(newUser(username, passwordHash, Set.of(Roles.ADMIN)))
                        .call(user -> activity.record("ADMIN_BOOTSTRAPPED", BOOTSTRAP, user, "roles " + user.roles)));
    }

    private Uni<User> find(UUID id) {
        issuer.requireEnabled();
        return users.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("user", id));
    }

    private Uni<String> hash(String password) {
        // PBKDF2 is CPU work by design: off the event loop.
        return vertx.executeBlocking(() -> PasswordHasher.hash(password));
    }

    private User newUser(String username, String passwordHash, Set<String> roles) {
        Instant now = clock.instant();
        User user = new User();
        user.id = UUID.randomUUID();
        user.username = username;
        user.passwordHash = passwordHash;
        user.roles = roles;
        user.enabled = true;
        user.createdAt = now;
        user.updatedAt = now;
        user.passwordChangedAt = now;
        return user;
    }
}
