package io.pgvault.contracts.common;

/**
 * How long points of one retention tag are kept.
 *
 * @param tag      the tag the rule applies to
 * @param duration ISO-8601 duration as a string, e.g. {@code P30D}, {@code P12W}, {@code P12M},
 *                 {@code P10Y} or {@code PT30S}; a string because neither {@link java.time.Duration}
 *                 nor {@link java.time.Period} covers all of them
 */
public record RetentionRule(RetentionTag tag, String duration) {
}
