package io.pgvault.cli.http;

/** The three services whose APIs the command line calls, each with its own base URL unless one server fronts all. */
public enum Service {
    INSTANCE("instance-service", "PGVAULT_INSTANCE_URL", "http://127.0.0.1:8080"),
    JOB("job-service", "PGVAULT_JOB_URL", "http://127.0.0.1:8080"),
    RETENTION("retention-service", "PGVAULT_RETENTION_URL", "http://127.0.0.1:8080");

    private final String label;
    private final String envVariable;
    private final String defaultUrl;

    Service(String label, String envVariable, String defaultUrl) {
        this.label = label;
        this.envVariable = envVariable;
        this.defaultUrl = defaultUrl;
    }

    /** The service's name, as users see it in messages. */
    public String label() {
        return label;
    }

    /** The environment variable that gives this service's base URL. */
    public String envVariable() {
        return envVariable;
    }

    /** Where the service listens when started with scripts/run. */
    public String defaultUrl() {
        return defaultUrl;
    }
}
