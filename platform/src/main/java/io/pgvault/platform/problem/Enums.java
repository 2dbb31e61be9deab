package io.pgvault.platform.problem;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Reads an enum constant from request text: trimmed, case-insensitive, and a 400 naming the field otherwise. */
public final class Enums {

    private Enums() {
    }

    /** The constant named by {@code text}, ignoring case and surrounding blanks; empty when none is. */
    public static <E extends Enum<E>> Optional<E> find(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(wanted)).findFirst();
    }

    /** The constant named by {@code text}, or a 400 that names {@code field} and the allowed values. */
    public static <E extends Enum<E>> E parse(Class<E> type, String text, String field) {
        return find(type, text).orElseThrow(() -> ProblemException.badField(field, mustBeOneOf(type)));
    }

    /** Like {@link #parse} but adds the error to {@code errors} and answers null, so one 400 names every field. */
    public static <E extends Enum<E>> E parse(Class<E> type, String text, String field, FieldErrors errors) {
        Optional<E> found = find(type, text);
        if (found.isEmpty()) {
            errors.add(field, mustBeOneOf(type));
        }
        return found.orElse(null);
    }

    /** "must be one of [A, B, C]", the wording every enum refusal uses. */
    public static String mustBeOneOf(Class<? extends Enum<?>> type) {
        return "must be one of " + Arrays.toString(type.getEnumConstants());
    }
}
