package io.pgvault.instance.identity;

import jakarta.validation.constraints.NotBlank;

/**
 * A user's sign-in, {@code POST /api/v1/auth/token} as JSON.
 *
 * @param username the user's name (case-insensitive)
 * @param password the user's password; never logged, never stored
 */
public record SignInRequest(@NotBlank String username, @NotBlank String password) {

    @Override
    public String toString() {
        return "SignInRequest[username=" + username + "]";
    }
}
