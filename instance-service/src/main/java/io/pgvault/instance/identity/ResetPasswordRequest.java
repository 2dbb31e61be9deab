package io.pgvault.instance.identity;

/**
 * A user's new password.
 *
 * @param password at least 12 characters; stored only as a PBKDF2 hash
 */
public record ResetPasswordRequest(String password) {

    @Override
    public String toString() {
        return "ResetPasswordRequest[]";
    }
}
