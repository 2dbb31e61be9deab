package io.pgvault.contracts.common;

/** What happens to an instance's recovery points when its protection stops. */
public enum StopMode {
    /** Keep every point until protection resumes or the instance is deleted. */
    RETAIN_FOREVER,
    /** Keep expiring points as each point's frozen retention says. */
    RETAIN_AS_PER_POLICY,
    /** Delete every point. */
    DELETE_DATA
}
