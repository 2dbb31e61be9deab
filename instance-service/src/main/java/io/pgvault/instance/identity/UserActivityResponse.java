package io.pgvault.instance.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the user activity log.
 *
 * @param action   USER_CREATED, USER_DISABLED, USER_ENABLED, PASSWORD_RESET or ADMIN_BOOTSTRAPPED
 * @param actor    the subject of the token that made the change; {@code bootstrap} for the first admin
 * @param userId   the user changed
 * @param username the user's name
 * @param detail   more facts, e.g. the roles given
 */
public record UserActivityResponse(Instant at, String action, String actor, UUID userId, String username, String detail) {

    static UserActivityResponse from(UserActivity entry) {
        return new UserActivityResponse(entry.occurredAt, entry.action, entry.actor, entry.userId, entry.username,
                entry.detail);
    }
}
