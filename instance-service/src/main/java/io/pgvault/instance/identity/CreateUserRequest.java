package io.pgvault.instance.identity;

import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A new user of the embedded issuer.
 *
 * @param username 1 to 64 lower-case letters, digits or {@code . _ @ -}; unique
 * @param password at least 12 characters; stored only as a PBKDF2 hash
 * @param roles    one or more of backup-reader, backup-operator, backup-admin
 */
public record CreateUserRequest(
        @Size(max = 64) String username,
        @Size(max = UserRules.MAX_PASSWORD) String password,
        @Size(max = 10) List<@Size(max = 64) String> roles) {

    @Override
    public String toString() {
        return "CreateUserRequest[username=" + username + ", roles=" + roles + "]";
    }
}
