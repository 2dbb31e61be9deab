package io.pgvault.job.store;

import java.io.IOException;

/**
 * A stored object is not what was written: its ciphertext does not authenticate, the manifest's MAC or
 * the catalog's digest does not match, or an artifact differs from its manifest entry. Names the object.
 */
public class IntegrityViolationException extends IOException {

    private final String object;

    public IntegrityViolationException(String object, String message) {
        super(message);
        this.object = object;
    }

    public IntegrityViolationException(String object, String message, Throwable cause) {
        super(message, cause);
        this.object = object;
    }

    /** The object that failed, as named in the store. */
    public String object() {
        return object;
    }
}
