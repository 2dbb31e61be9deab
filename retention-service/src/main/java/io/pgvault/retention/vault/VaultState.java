package io.pgvault.retention.vault;

import io.pgvault.contracts.common.Immutability;
import java.time.Duration;

/**
 * The vault's settings at one moment, as a deletion decides with them.
 *
 * @param immutability           DISABLED, ENABLED or LOCKED
 * @param gracePeriod            how long a deleted point keeps its files
 * @param multiUserAuthorization whether protected operations wait for a second person
 * @param floor                  newest live points per instance that expiry never deletes
 */
public record VaultState(Immutability immutability, Duration gracePeriod, boolean multiUserAuthorization, int floor) {

    /** "the vault is locked" / "the vault is immutable": the words an explanation or a refusal uses. */
    public String describe() {
        return immutability == Immutability.LOCKED ? "the vault is locked" : "the vault is immutable";
    }
}
