package io.pgvault.instance.policy;

import io.pgvault.contracts.common.RetentionDuration;
import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.platform.problem.Enums;
import io.pgvault.platform.problem.FieldErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Checks a policy request against the schedule and retention rules; every bad field is named. */
final class PolicyRules {

    private PolicyRules() {}

    /** At most this many runs in a schedule preview. */
    static final int MAX_PREVIEW_RUNS = 20;

    /**
     * The next {@code count} runs after {@code now} of a schedule as typed, checked as a policy's schedule is
     * (a 400 naming {@code schedule} or {@code timeZone}): what a policy form shows as the user types.
     */
    static List<Instant> nextRuns(String schedule, String timeZone, int count, Duration minInterval, Instant now) {
        FieldErrors errors = new FieldErrors();
        String zone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone.trim();
        Schedule parsed = null;
        try {
            Schedule.zone(zone);
            try {
                parsed = Schedule.parse(schedule, zone).requireIntervalAtLeast(minInterval);
            } catch (InvalidScheduleException e) {
                errors.add("schedule", e.getMessage());
            }
        } catch (InvalidScheduleException e) {
            errors.add("timeZone", e.getMessage());
        }
        if (count < 1 || count > MAX_PREVIEW_RUNS) {
            errors.add("count", "must be between 1 and " + MAX_PREVIEW_RUNS);
        }
        errors.throwIfAny();
        List<Instant> runs = new ArrayList<>();
        Instant after = now;
        while (runs.size() < count) {
            var next = parsed.nextAfter(after);
            if (next.isEmpty()) {
                break;
            }
            runs.add(next.get());
            after = next.get();
        }
        return runs;
    }

    /** The request's values, checked and normalised. */
    record Checked(String name, String schedule, String timeZone, String defaultRetention,
            Map<RetentionTag, String> tagged, String verifyEvery, String verifyTarget) {}

    /** {@code verify.every}: EVERY_BACKUP, OFF or an ISO-8601 duration of at least a day; null: OFF. */
    static String verifyEvery(PolicyRequest.Verify verify, FieldErrors errors) {
        if (verify == null || verify.every() == null || verify.every().isBlank()) {
            return null;
        }
        String every = verify.every().trim();
        if (every.equalsIgnoreCase("EVERY_BACKUP") || every.equalsIgnoreCase("OFF")) {
            return every.toUpperCase(java.util.Locale.ROOT);
        }
        try {
            return RetentionDuration.validate(every, Duration.ofDays(1));
        } catch (IllegalArgumentException e) {
            errors.add("verify.every", "must be EVERY_BACKUP, OFF or an ISO-8601 duration such as P7D: "
                    + e.getMessage());
            return null;
        }
    }

    static Checked check(PolicyRequest request, Duration minInterval, Duration minRetention) {
        FieldErrors errors = new FieldErrors();
        String timeZone = request.timeZone() == null || request.timeZone().isBlank() ? "UTC" : request.timeZone().trim();
        boolean zoneOk = true;
        try {
            Schedule.zone(timeZone);
        } catch (InvalidScheduleException e) {
            errors.add("timeZone", e.getMessage());
            zoneOk = false;
        }
        if (zoneOk) {
            try {
                Schedule.parse(request.schedule(), timeZone).requireIntervalAtLeast(minInterval);
            } catch (InvalidScheduleException e) {
                errors.add("schedule", e.getMessage());
            }
        }
        String defaultRetention = null;
        try {
            defaultRetention = RetentionDuration.validate(request.defaultRetention(), minRetention);
        } catch (IllegalArgumentException e) {
            errors.add("defaultRetention", e.getMessage());
        }
        Map<RetentionTag, String> tagged = new EnumMap<>(RetentionTag.class);
        List<PolicyRequest.TaggedRule> rules = request.taggedRules() == null ? List.of() : request.taggedRules();
        for (int i = 0; i < rules.size(); i++) {
            PolicyRequest.TaggedRule rule = rules.get(i);
            String field = "taggedRules[" + i + "]";
            if (rule == null) {
                errors.add(field, "must not be null");
                continue;
            }
            RetentionTag tag = Enums.find(RetentionTag.class, rule.tag()).filter(t -> t != RetentionTag.DEFAULT)
                    .orElse(null);
            if (tag == null) {
                errors.add(field + ".tag", "must be one of WEEKLY, MONTHLY, YEARLY");
            } else if (tagged.containsKey(tag)) {
                errors.add(field + ".tag", tag + " appears twice");
            }
            try {
                String duration = RetentionDuration.validate(rule.duration(), minRetention);
                if (tag != null) {
                    tagged.putIfAbsent(tag, duration);
                }
            } catch (IllegalArgumentException e) {
                errors.add(field + ".duration", e.getMessage());
            }
        }
        String verifyEvery = verifyEvery(request.verify(), errors);
        String verifyTarget = request.verify() == null || request.verify().target() == null
                || request.verify().target().isBlank() ? null : request.verify().target().trim();
        errors.throwIfAny();
        return new Checked(request.name().trim(), request.schedule().trim(), timeZone, defaultRetention, tagged,
                verifyEvery, verifyTarget);
    }
}
