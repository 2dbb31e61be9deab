package io.pgvault.cli.output;

import java.util.ArrayList;
import java.util.List;

/** One resource as aligned {@code label  value} lines, then sections (a title and indented lines). */
public final class Details {

    private final Styles styles;
    private final List<String[]> fields = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();

    public Details(Styles styles) {
        this.styles = styles;
    }

    /** A field; left out when the value is empty. */
    public Details field(String label, String value) {
        if (value != null && !value.isEmpty()) {
            fields.add(new String[] {label, value});
        }
        return this;
    }

    /** A field whose value is a state word, coloured. */
    public Details state(String label, String value) {
        return field(label, styles.state(value));
    }

    /** A titled block of lines; left out when there are none. */
    public Details section(String title, List<String> lines) {
        if (!lines.isEmpty()) {
            sections.add("");
            sections.add(styles.bold(title));
            lines.forEach(l -> sections.add("  " + l));
        }
        return this;
    }

    public List<String> lines() {
        int width = fields.stream().mapToInt(f -> f[0].length()).max().orElse(0);
        List<String> out = new ArrayList<>();
        for (String[] f : fields) {
            out.add(styles.bold(f[0] + ":") + " ".repeat(width - f[0].length() + 1) + f[1]);
        }
        out.addAll(sections);
        return out;
    }
}
