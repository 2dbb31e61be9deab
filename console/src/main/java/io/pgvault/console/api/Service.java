package io.pgvault.console.api;

/** The three services the console calls and forwards to; each owns its part of {@code /api/v1}. */
public enum Service {
    INSTANCE("instance-service"),
    JOB("job-service"),
    RETENTION("retention-service");

    private final String displayName;

    Service(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
