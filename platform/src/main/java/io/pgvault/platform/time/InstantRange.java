package io.pgvault.platform.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The instants the API accepts: RFC 3339's four-digit years, 0001-01-01 to 9999-12-31 UTC. Java reads years
 * of ±1,000,000,000, PostgreSQL's {@code timestamptz} only 4713 BC to 294276 AD, and an instant between
 * them got past the API and failed in the database; this range sits well inside both, and leaves room for
 * adding a retention of ten years to any instant in it.
 */
public final class InstantRange {

    /** The earliest instant accepted. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");

    /** The latest instant accepted. */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** The refusal every field uses. */
    public static final String MUST_BE = "must be an RFC 3339 instant such as 2026-01-01T00:00:00Z,"
            + " between years 0001 and 9999";

    private InstantRange() {
    }

    /** True when {@code instant} is within the range (and so storable). */
    public static boolean contains(Instant instant) {
        return !instant.isBefore(MIN) && !instant.isAfter(MAX);
    }

    /** The instant {@code text} names, when it is RFC 3339 and within the range; empty otherwise. */
    public static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            Instant instant = Instant.parse(text.trim());
            return contains(instant) ? Optional.of(instant) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code instant} plus {@code seconds}, or empty when the sum leaves the range. */
    public static Optional<Instant> plusSeconds(Instant instant, long seconds) {
        try {
            Instant sum = instant.plusSeconds(seconds);
            return contains(sum) ? Optional.of(sum) : Optional.empty();
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
