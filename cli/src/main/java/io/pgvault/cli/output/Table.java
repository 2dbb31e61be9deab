package io.pgvault.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.cli.json.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An aligned table of rows (JSON objects), one column per {@link Column}; widths are measured on the plain
 * text, so colours never shift the columns.
 */
public final class Table {

    /**
     * A column.
     *
     * @param header its title
     * @param value  the cell's plain text for a row
     * @param style  colours the padded cell (identity when plain)
     */
    public record Column(String header, Function<JsonNode, String> value, BiFunction<Styles, String, String> style) {

        public static Column of(String header, Function<JsonNode, String> value) {
            return new Column(header, value, (styles, s) -> s);
        }

        /** A column whose value is a state word, coloured by {@link Styles#state}. */
        public static Column state(String header, Function<JsonNode, String> value) {
            return new Column(header, value, (styles, s) -> styles.state(s.strip()) + s.substring(s.strip().length()));
        }
    }

    private final List<Column> columns;

    public Table(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** The rows as lines: a header, then one line per row; trailing spaces trimmed. */
    public List<String> render(Iterable<JsonNode> rows, Styles styles) {
        List<String[]> cells = new ArrayList<>();
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).header().length();
        }
        for (JsonNode row : rows) {
            String[] line = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                String v = columns.get(c).value().apply(row);
                line[c] = v == null ? "" : v.replace('\n', ' ');
                widths[c] = Math.max(widths[c], line[c].length());
            }
            cells.add(line);
        }
        List<String> out = new ArrayList<>();
        StringBuilder header = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            header.append(styles.bold(pad(columns.get(c).header(), widths[c], c))).append(c < columns.size() - 1 ? "  " : "");
        }
        out.add(header.toString().stripTrailing());
        for (String[] line : cells) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < columns.size(); c++) {
                String padded = pad(line[c], widths[c], c);
                b.append(columns.get(c).style().apply(styles, padded)).append(c < columns.size() - 1 ? "  " : "");
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }

    private String pad(String s, int width, int column) {
        return column == columns.size() - 1 ? s : s + " ".repeat(width - s.length());
    }

    /** A field's text, empty when absent or null; a dotted path reaches into objects. */
    public static String text(JsonNode row, String path) {
        JsonNode n = row;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n.isMissingNode() || n.isNull() ? "" : n.isValueNode() ? n.asText() : JsonTrees.write(n, false);
    }
}
