package io.pgvault.instance.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A user's sign-in, {@code POST /api/v1/auth/token} as JSON.
 *
 * @param username the user's name (case-insensitive)
 * @param password the user's password; never logged, never stored
 */
public record SignInRequest(@NotBlank @Size(max = 256) String username,
        @NotBlank @Size(max = UserRules.MAX_PASSWORD) String password) {

    @Override
    public String toString() {
        return "SignInRequest[username=" + username + "]";
    }
}
