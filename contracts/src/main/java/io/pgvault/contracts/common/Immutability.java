package io.pgvault.contracts.common;

/**
 * The vault's immutability, after Azure's immutable vault. The order is strength: each state refuses
 * at least what the one before it refuses, and a setting may only be raised from {@link #LOCKED}'s
 * point of view (never lowered).
 */
public enum Immutability {
    /** As without immutability: every operation the roles allow is allowed. */
    DISABLED,
    /** Operations that would lose a recovery point before its expiry are refused; can go back to DISABLED. */
    ENABLED,
    /** Like ENABLED, and irreversible: no request, role or config turns it back. */
    LOCKED;

    /** True if this state refuses early loss of a point (ENABLED or LOCKED). */
    public boolean protectsPoints() {
        return this != DISABLED;
    }

    /** The stronger of the two. */
    public Immutability atLeast(Immutability other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
