package io.pgvault.instance.identity;

import jakarta.validation.constraints.Size;

/**
 * A user's new password.
 *
 * @param password at least 12 characters; stored only as a PBKDF2 hash
 */
public record ResetPasswordRequest(@Size(max = UserRules.MAX_PASSWORD) String password) {

    @Override
    public String toString() {
        return "ResetPasswordRequest[]";
    }
}
