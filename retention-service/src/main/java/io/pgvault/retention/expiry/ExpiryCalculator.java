package io.pgvault.retention.expiry;

import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RetentionDuration;
import io.pgvault.contracts.common.RetentionRule;
import io.pgvault.contracts.common.RetentionTag;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Collection;
import java.util.List;

/**
 * Decides, once, at a recovery point's birth, its retention tag and expiry.
 *
 * <p>The first successful backup of a year, month or ISO week (counted in the policy's time zone)
 * may take a tagged rule; a point that is first of several periods takes the longest of the
 * matching rules. Every other point gets the default rule. A tagged rule that would keep a point
 * for less time than the default rule does not shorten it: the longer of the two wins.
 *
 * <p>Only successful backups are points, so a failed backup in between never takes a tag: the
 * caller passes the creation instants of the instance's earlier <em>points</em>.
 */
public final class ExpiryCalculator {

    private ExpiryCalculator() {
    }

    /**
     * The earliest creation instant of an earlier point that can matter for a point created at
     * {@code createdAt}: the start of its year or of its ISO week, whichever is earlier (a week can
     * begin in the previous year). Callers load earlier points from this instant on.
     */
    public static Instant windowStart(PolicySnapshot policy, Instant createdAt) {
        ZoneId zone = zoneOf(policy);
        LocalDate day = createdAt.atZone(zone).toLocalDate();
        ZonedDateTime yearStart = day.withDayOfYear(1).atStartOfDay(zone);
        ZonedDateTime weekStart = day.with(ChronoField.DAY_OF_WEEK, 1).atStartOfDay(zone);
        return (weekStart.isBefore(yearStart) ? weekStart : yearStart).toInstant();
    }

    /**
     * The tag and expiry of a point.
     *
     * @param policy        the retention rules the backup carried
     * @param createdAt     when the point was completed
     * @param earlierPoints creation instants of the instance's other points (any that are not
     *                      before {@code createdAt} are ignored)
     * @throws IllegalArgumentException if the policy's time zone or a duration is invalid
     */
    public static Expiry compute(PolicySnapshot policy, Instant createdAt, Collection<Instant> earlierPoints) {
        ZoneId zone = zoneOf(policy);
        ZonedDateTime at = createdAt.atZone(zone);
        List<ZonedDateTime> earlier = earlierPoints.stream()
                .filter(i -> i.isBefore(createdAt))
                .map(i -> i.atZone(zone))
                .toList();

        RetentionDuration defaultRule = RetentionDuration.parse(policy.defaultRetention());
        Expiry best = new Expiry(RetentionTag.DEFAULT, defaultRule.text(), defaultRule.addTo(at).toInstant(),
                "default rule " + defaultRule.text());

        List<RetentionRule> tagged = policy.taggedRules() == null ? List.of() : policy.taggedRules();
        for (RetentionRule rule : tagged) {
            if (rule == null || rule.tag() == null || rule.tag() == RetentionTag.DEFAULT) {
                continue;
            }
            String period = firstOf(rule.tag(), at, earlier);
            if (period == null) {
                continue;
            }
            RetentionDuration duration = RetentionDuration.parse(rule.duration());
            Instant expiresAt = duration.addTo(at).toInstant();
            String reason = "first backup of " + period + " in " + zone.getId() + ": " + rule.tag() + " rule "
                    + duration.text();
            if (expiresAt.isAfter(best.expiresAt())
                    || (expiresAt.equals(best.expiresAt()) && rule.tag().ordinal() > best.tag().ordinal())) {
                best = new Expiry(rule.tag(), duration.text(), expiresAt, reason);
            }
        }
        return best;
    }

    /** The period (e.g. "ISO week 2026-W02") of which {@code at} is the first point, or null. */
    private static String firstOf(RetentionTag tag, ZonedDateTime at, List<ZonedDateTime> earlier) {
        return switch (tag) {
            case YEARLY -> earlier.stream().noneMatch(e -> e.getYear() == at.getYear())
                    ? "year " + at.getYear()
                    : null;
            case MONTHLY -> earlier.stream().noneMatch(e -> YearMonth.from(e).equals(YearMonth.from(at)))
                    ? "month " + YearMonth.from(at)
                    : null;
            case WEEKLY -> earlier.stream().noneMatch(e -> sameIsoWeek(e, at))
                    ? String.format("ISO week %d-W%02d", at.get(IsoFields.WEEK_BASED_YEAR),
                            at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
                    : null;
            case DEFAULT -> null;
        };
    }

    private static boolean sameIsoWeek(ZonedDateTime a, ZonedDateTime b) {
        return a.get(IsoFields.WEEK_BASED_YEAR) == b.get(IsoFields.WEEK_BASED_YEAR)
                && a.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) == b.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    /** The policy's time zone; UTC when the snapshot names none. */
    public static ZoneId zoneOf(PolicySnapshot policy) {
        if (policy.timeZone() == null || policy.timeZone().isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(policy.timeZone());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone " + policy.timeZone(), e);
        }
    }
}
