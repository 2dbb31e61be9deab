package io.pgvault.instance.vault;

import io.pgvault.contracts.common.Immutability;
import io.pgvault.contracts.common.RetentionDuration;
import io.pgvault.platform.problem.Enums;
import io.pgvault.platform.problem.FieldErrors;
import io.pgvault.platform.problem.ProblemException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a vault settings change, without Quarkus: what may change from what, and which changes
 * multi-user authorization protects.
 */
public final class VaultRules {

    /** Azure's soft-delete range. */
    public static final Duration MIN_GRACE = Duration.ofDays(14);
    public static final Duration MAX_GRACE = Duration.ofDays(180);

    private VaultRules() {
    }

    /**
     * The vault's settings.
     *
     * @param immutability           DISABLED, ENABLED or LOCKED
     * @param minRetention           ISO-8601 or null
     * @param maxRetention           ISO-8601 or null
     * @param gracePeriod            ISO-8601 days
     * @param multiUserAuthorization on or off
     * @param floor                  newest live points per instance that expiry never deletes, or null (not set)
     */
    public record Settings(Immutability immutability, String minRetention, String maxRetention, String gracePeriod,
            boolean multiUserAuthorization, Integer floor) {

        /** Settings without a floor of their own. */
        public Settings(Immutability immutability, String minRetention, String maxRetention, String gracePeriod,
                boolean multiUserAuthorization) {
            this(immutability, minRetention, maxRetention, gracePeriod, multiUserAuthorization, null);
        }

        public static Settings of(VaultSettings s) {
            return new Settings(s.immutability, s.minRetention, s.maxRetention, s.gracePeriod,
                    s.multiUserAuthorization, s.floor);
        }

        /** The grace period; when never set, the services' default, 14 days. */
        Duration grace() {
            return gracePeriod == null ? MIN_GRACE : Duration.parse(gracePeriod);
        }
    }

    /**
     * The settings after {@code request}; 400 naming each bad field; 409 naming the setting for a change the
     * current immutability refuses (LOCKED back down, a shorter grace period under ENABLED or LOCKED, the lock's
     * bounds changed once LOCKED).
     */
    public static Settings next(Settings current, VaultRequest request) {
        FieldErrors errors = new FieldErrors();
        Immutability immutability = request.immutability() == null ? current.immutability()
                : Enums.parse(Immutability.class, request.immutability(), "immutability", errors);
        String grace = request.softDeleteGracePeriod() == null ? current.gracePeriod()
                : grace(request.softDeleteGracePeriod(), errors);
        String min = request.minRetention() == null ? current.minRetention() : retention(request.minRetention(),
                "minRetention", errors);
        String max = request.maxRetention() == null ? current.maxRetention() : retention(request.maxRetention(),
                "maxRetention", errors);
        boolean mua = request.multiUserAuthorization() == null ? current.multiUserAuthorization()
                : request.multiUserAuthorization();
        Integer floor = request.floor() == null ? current.floor() : request.floor();
        if (floor != null && floor < 1) {
            errors.add("floor", "must be at least 1");
        }
        errors.throwIfAny();
        if (immutability != Immutability.LOCKED && (min != null || max != null)
                && (request.minRetention() != null || request.maxRetention() != null)) {
            errors.add(request.minRetention() != null ? "minRetention" : "maxRetention",
                    "is a bound of the lock: set it with immutability LOCKED");
        }
        if (min != null && max != null && RetentionDuration.parse(min).addTo(EPOCH)
                .isAfter(RetentionDuration.parse(max).addTo(EPOCH))) {
            errors.add("minRetention", "must not be longer than maxRetention " + max);
        }
        errors.throwIfAny();

        if (current.immutability() == Immutability.LOCKED && immutability != Immutability.LOCKED) {
            throw refused("the vault is locked: immutability cannot go back from LOCKED", "immutability", current);
        }
        if (current.immutability() == Immutability.LOCKED && (!same(min, current.minRetention())
                || !same(max, current.maxRetention()))) {
            throw refused("the vault is locked: its minimum and maximum retention cannot change", "minRetention",
                    current);
        }
        if (current.immutability().protectsPoints() && grace != null
                && Duration.parse(grace).compareTo(current.grace()) < 0) {
            throw refused("the vault is " + current.immutability() + ": the soft-delete grace period can only grow (now "
                    + current.gracePeriod() + ")", "softDeleteGracePeriod", current);
        }
        if (current.immutability().protectsPoints() && lowers(current.floor(), floor)) {
            throw refused("the vault is " + current.immutability() + ": the floor can only grow (now "
                    + current.floor() + ")", "floor", current);
        }
        if (immutability != Immutability.LOCKED) {
            min = null;
            max = null;
        }
        return new Settings(immutability, min, max, grace, mua, floor);
    }

    /**
     * Whether multi-user authorization protects going from {@code current} to {@code next}: any change of
     * immutability, its bounds or multi-user authorization itself, a shorter grace period and a lower floor. Only
     * a longer grace period, a higher floor, or no change, goes through at once.
     */
    public static boolean isProtected(Settings current, Settings next) {
        return current.immutability() != next.immutability()
                || !same(current.minRetention(), next.minRetention())
                || !same(current.maxRetention(), next.maxRetention())
                || current.multiUserAuthorization() != next.multiUserAuthorization()
                || next.grace().compareTo(current.grace()) < 0
                || lowers(current.floor(), next.floor());
    }

    private static boolean lowers(Integer before, Integer after) {
        return before != null && after != null && after < before;
    }

    /** What changes, for a human: "immutability DISABLED → LOCKED, softDeleteGracePeriod P14D → P30D". */
    public static String describe(Settings current, Settings next) {
        List<String> parts = new ArrayList<>();
        change(parts, "immutability", current.immutability(), next.immutability());
        change(parts, "minRetention", current.minRetention(), next.minRetention());
        change(parts, "maxRetention", current.maxRetention(), next.maxRetention());
        change(parts, "softDeleteGracePeriod", current.gracePeriod(), next.gracePeriod());
        change(parts, "multiUserAuthorization", current.multiUserAuthorization(), next.multiUserAuthorization());
        change(parts, "floor", current.floor(), next.floor());
        return parts.isEmpty() ? "no change" : String.join(", ", parts);
    }

    /**
     * Under LOCKED with bounds: the field error of a retention outside them, or null. A policy's every rule is
     * checked with this.
     */
    public static String outsideLock(Settings settings, String duration) {
        if (settings.immutability() != Immutability.LOCKED || duration == null) {
            return null;
        }
        var d = RetentionDuration.parse(duration).addTo(EPOCH);
        if (settings.minRetention() != null && d.isBefore(RetentionDuration.parse(settings.minRetention()).addTo(EPOCH))) {
            return "must be at least " + settings.minRetention() + ", the locked vault's minimum retention";
        }
        if (settings.maxRetention() != null && d.isAfter(RetentionDuration.parse(settings.maxRetention()).addTo(EPOCH))) {
            return "must be at most " + settings.maxRetention() + ", the locked vault's maximum retention";
        }
        return null;
    }

    private static final java.time.ZonedDateTime EPOCH = java.time.ZonedDateTime.parse("2000-01-01T00:00:00Z");

    private static ProblemException refused(String detail, String setting, Settings current) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("setting", setting);
        facts.put("immutability", current.immutability().name());
        return ProblemException.conflict(detail, facts);
    }

    private static String grace(String text, FieldErrors errors) {
        Duration d;
        try {
            d = Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            errors.add("softDeleteGracePeriod", "must be an ISO-8601 number of days, e.g. P30D");
            return null;
        }
        if (d.compareTo(MIN_GRACE) < 0 || d.compareTo(MAX_GRACE) > 0 || d.toHoursPart() != 0 || d.toMinutesPart() != 0
                || d.toSecondsPart() != 0 || d.toNanosPart() != 0) {
            errors.add("softDeleteGracePeriod", "must be whole days from P14D to P180D");
            return null;
        }
        return "P" + d.toDays() + "D";
    }

    private static String retention(String text, String field, FieldErrors errors) {
        try {
            return RetentionDuration.parse(text.trim()).text();
        } catch (IllegalArgumentException e) {
            errors.add(field, "must be an ISO-8601 duration such as P7D, P12W, P12M or P10Y");
            return null;
        }
    }

    private static boolean same(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }

    private static void change(List<String> parts, String name, Object before, Object after) {
        if (!same(before, after)) {
            parts.add(name + " " + before + " → " + after);
        }
    }
}
