package io.pgvault.cli.output;

import java.util.Map;

/**
 * ANSI colours, on only when writing to a terminal and {@code NO_COLOR} is not set (no-color.org), and never
 * for {@code TERM=dumb}.
 */
public final class Styles {

    private static final String RESET = "\u001b[0m";

    private final boolean enabled;

    public Styles(boolean enabled) {
        this.enabled = enabled;
    }

    /** Colour for a terminal unless the environment asks for none. */
    public static Styles forTerminal(boolean terminal, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        boolean wantsNone = noColor != null && !noColor.isEmpty();
        return new Styles(terminal && !wantsNone && !"dumb".equals(env.get("TERM")));
    }

    public boolean enabled() {
        return enabled;
    }

    public String bold(String s) {
        return wrap("1", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }

    public String red(String s) {
        return wrap("31", s);
    }

    public String green(String s) {
        return wrap("32", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    public String cyan(String s) {
        return wrap("36", s);
    }

    /** A state or status word coloured by what it means: done well, in motion, stopped, gone or failed. */
    public String state(String s) {
        if (s == null || !enabled) {
            return s;
        }
        return switch (s) {
            case "COMPLETED", "LIVE", "PROTECTION_CONFIGURED", "KEPT" -> green(s);
            case "QUEUED", "IN_PROGRESS" -> cyan(s);
            case "PROTECTION_STOPPED", "BACKUPS_SUSPENDED", "DELETABLE", "DELETED" -> yellow(s);
            case "FAILED", "CANCELLED", "DATA_DELETED", "SOFT_DELETED", "PURGED" -> red(s);
            default -> s;
        };
    }

    private String wrap(String code, String s) {
        return enabled && s != null && !s.isEmpty() ? "\u001b[" + code + "m" + s + RESET : s;
    }
}
