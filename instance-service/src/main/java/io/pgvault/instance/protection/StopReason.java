package io.pgvault.instance.protection;

/** Why a user stops protection or deletes an instance: a fixed list, so reports can count them. */
public enum StopReason {
    DECOMMISSIONED,
    MOVED_TO_ANOTHER_SOLUTION,
    COST,
    OTHER
}
