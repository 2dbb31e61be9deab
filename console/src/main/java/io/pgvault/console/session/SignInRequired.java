package io.pgvault.console.session;

/** The page needs a signed-in user and there is none (no cookie, or its token has expired). */
public class SignInRequired extends RuntimeException {

    public SignInRequired(String reason) {
        super(reason);
    }
}
