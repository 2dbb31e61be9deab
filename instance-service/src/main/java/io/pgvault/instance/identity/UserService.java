package io.pgvault.instance.identity;

import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
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
    private final Vertx vertx;
    private final Clock clock;

    public UserService(UserRepository users, UserActivityRepository activity, TokenIssuer issuer, Vertx vertx, Clock clock) {
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
            return lastAdminCheck.chain(() -> {
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
