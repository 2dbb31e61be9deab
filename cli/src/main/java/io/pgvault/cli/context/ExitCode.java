package io.pgvault.cli.context;

/** The exit codes every command keeps to, so scripts can tell outcomes apart. */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** The server refused the request (problem+json), or the job it started failed or was cancelled. */
    public static final int REFUSED = 1;
    /** Wrong arguments or options (picocli's usage error code). */
    public static final int USAGE = 2;
    /** A service could not be reached or did not answer in time. */
    public static final int UNREACHABLE = 3;

    private ExitCode() {}
}
