package io.pgvault.instance.protection;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a user stops protection or deletes an instance: a fixed list, so reports can count them. */
public enum StopReason {
    DECOMMISSIONED,
    MOVED_TO_ANOTHER_SOLUTION,
    COST,
    OTHER;

    static Optional<StopReason> parse(String text) {
        return Arrays.stream(values())
                .filter(r -> text != null && r.name().equals(text.trim().toUpperCase(Locale.ROOT)))
                .findFirst();
    }

    static String allowed() {
        return Arrays.toString(values());
    }
}
