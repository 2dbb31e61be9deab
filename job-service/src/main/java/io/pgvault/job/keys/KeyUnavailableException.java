package io.pgvault.job.keys;

import java.io.IOException;

/**
 * The master key (or a point's data key) cannot be had: the keyset file is missing, unreadable or
 * holds no key that opens the point. Backups and restores fail with {@code KEY_UNAVAILABLE}; nothing is
 * ever written or read in plaintext instead.
 */
public class KeyUnavailableException extends IOException {

    public KeyUnavailableException(String message) {
        super(message);
    }

    public KeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
