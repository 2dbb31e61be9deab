package io.pgvault.cli.http;

import com.fasterxml.jackson.databind.JsonNode;

/** The server answered and refused the request (4xx or 5xx); {@code problem} is its problem+json body. */
public class RefusedException extends RuntimeException {

    private final int status;
    private final transient JsonNode problem;

    public RefusedException(int status, String detail, JsonNode problem) {
        super(detail);
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    /** The problem+json body; may be a missing node when the answer was not JSON. */
    public JsonNode problem() {
        return problem;
    }
}
