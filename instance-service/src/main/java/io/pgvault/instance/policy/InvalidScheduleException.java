package io.pgvault.instance.policy;

/** A schedule string that cannot be used; the message quotes the offending part. */
public class InvalidScheduleException extends IllegalArgumentException {

    public InvalidScheduleException(String message) {
        super(message);
    }
}
