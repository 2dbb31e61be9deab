package io.pgvault.cli.context;

import io.pgvault.cli.output.Format;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes, anywhere on the line ({@code pgvault job list -o json} or {@code pgvault -o json job list}). */
public final class GlobalOptions {

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "One base URL for every call (default: $PGVAULT_SERVER, else per service; see 'pgvault --help').")
    String server;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table (default), json or yaml.")
    Format output = Format.TABLE;

    @Option(names = "--query", scope = ScopeType.INHERIT, paramLabel = "JMESPATH",
            description = "JMESPath query on the JSON answer (jmespath.org), e.g. \"[?status=='FAILED'].id\".")
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
