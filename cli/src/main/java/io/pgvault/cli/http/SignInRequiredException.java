package io.pgvault.cli.http;

/** The server answered 401: no token, or one that is no longer valid. */
public class SignInRequiredException extends RuntimeException {

    public SignInRequiredException(String message) {
        super(message);
    }
}
