package io.pgvault.cli.context;

import io.pgvault.cli.output.Format;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes, anywhere on the line ({@code pgvault job list -o json} or {@code pgvault -o json job list}). */
public final class GlobalOptions {

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Send every call to this base URL (a console that forwards /api/v1/**). "
                    + "Default: $PGVAULT_SERVER, else $PGVAULT_INSTANCE_URL, $PGVAULT_JOB_URL, $PGVAULT_RETENTION_URL, "
                    + "else what 'pgvault login' stored, else http://127.0.0.1:8081, :8082 and :8083.")
    String server;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: table).")
    Format output = Format.TABLE;

    @Option(names = "--query", scope = ScopeType.INHERIT, paramLabel = "JMESPATH",
            description = "JMESPath query applied to the JSON answer, e.g. \"[?status=='FAILED'].id\" (jmespath.org).")
    String query;

    public String server() {
        return server;
    }

    public Format output() {
        return output;
    }

    public String query() {
        return query;
    }
}
