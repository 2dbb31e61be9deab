package io.pgvault.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** How a command shows its answer to people ({@code -o table}). */
@FunctionalInterface
public interface View {

    /**
     * The lines to print.
     *
     * @param data   the API's answer
     * @param styles colours
     * @param now    for relative times
     */
    List<String> render(JsonNode data, Styles styles, Instant now);

    /** A table of the answer's elements (the answer is an array). */
    static View table(Table table) {
        return (data, styles, now) -> table.render(data, styles);
    }
}
