package io.pgvault.platform.idempotency;

/**
 * A use case's result as a POST action answers it: the status, the Location (or null) and the body, which
 * {@link IdempotentRequests} writes as JSON and stores under the request's Idempotency-Key.
 *
 * @param status   HTTP status
 * @param location Location header, or null
 * @param body     the answer's body, written as JSON
 */
public record Answer(int status, String location, Object body) {

    /** 200 with {@code body}. */
    public static Answer ok(Object body) {
        return new Answer(200, null, body);
    }

    /** 201: {@code body} was created at {@code location}. */
    public static Answer created(String location, Object body) {
        return new Answer(201, location, body);
    }

    /** 202: the work {@code body} describes goes on elsewhere; {@code location} (or null) is where to follow it. */
    public static Answer accepted(String location, Object body) {
        return new Answer(202, location, body);
    }
}
