package io.pgvault.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.pgvault.cli.json.JsonTrees;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints a command's answer: the command's own {@link View} for people, or JSON/YAML; with a query, the query's
 * result instead (for people, in a generic layout).
 */
public final class Output {

    private final Format format;
    private final Query query;
    private final PrintStream out;
    private final Styles styles;
    private final Clock clock;

    public Output(Format format, Query query, PrintStream out, Styles styles, Clock clock) {
        this.format = format;
        this.query = query;
        this.out = out;
        this.styles = styles;
        this.clock = clock;
    }

    public void print(JsonNode data, View view) {
        JsonNode shown = query == null ? data : query.apply(data);
        switch (format) {
            case JSON -> out.println(JsonTrees.write(shown == null ? NullNode.getInstance() : shown, true));
            case YAML -> out.print(write(yaml()::writeValueAsString, shown));
            default -> (query == null ? view.render(shown, styles, clock.instant()) : generic(shown)).forEach(out::println);
        }
        out.flush();
    }

    /** Plain lines for people, printed as they are in every format (a message such as "deleted"). */
    public void message(String line) {
        out.println(line);
        out.flush();
    }

    private ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** A query's result for people: scalars as text, arrays of objects as a table, objects as key/value lines. */
    List<String> generic(JsonNode n) {
        List<String> lines = new ArrayList<>();
        if (n == null || n.isMissingNode() || n.isNull()) {
            return lines;
        }
        if (n.isValueNode()) {
            lines.add(n.asText());
        } else if (n.isArray()) {
            boolean objects = n.size() > 0;
            for (JsonNode e : n) {
                objects &= e.isObject();
            }
            if (objects) {
                Set<String> keys = new LinkedHashSet<>();
                n.forEach(e -> e.fieldNames().forEachRemaining(keys::add));
                List<Table.Column> columns = keys.stream()
                        .map(k -> Table.Column.of(k, row -> Table.text(row, k))).toList();
                lines.addAll(new Table(columns).render(n, styles));
            } else {
                n.forEach(e -> lines.add(e.isValueNode() ? e.asText() : JsonTrees.write(e, false)));
            }
        } else {
            Details d = new Details(styles);
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                d.field(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : JsonTrees.write(f.getValue(), false));
            }
            lines.addAll(d.lines());
        }
        return lines;
    }

    private interface Writer {
        String write(Object value) throws JsonProcessingException;
    }

    private static String write(Writer writer, JsonNode value) {
        try {
            return writer.write(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
