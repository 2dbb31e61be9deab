package io.pgvault.instance.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user as the API shows it: never the password or its hash.
 *
 * @param roles             the roles given (each includes the ones below it)
 * @param enabled           false once disabled: the user cannot sign in
 * @param passwordChangedAt when the password was set last
 */
public record UserResponse(UUID id, String username, List<String> roles, boolean enabled, Instant createdAt,
        Instant updatedAt, Instant passwordChangedAt) {

    static UserResponse from(User user) {
        return new UserResponse(user.id, user.username, List.copyOf(user.roles), user.enabled, user.createdAt,
                user.updatedAt, user.passwordChangedAt);
    }
}
