package io.pgvault.cli.output;

/** The output formats of {@code -o}. */
public enum Format {
    /** Aligned tables and key/value lines for people (the default). */
    TABLE,
    /** The API's JSON, pretty-printed. */
    JSON,
    /** The same as YAML. */
    YAML
}
