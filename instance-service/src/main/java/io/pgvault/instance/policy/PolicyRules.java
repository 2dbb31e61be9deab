package io.pgvault.instance.policy;

import io.pgvault.contracts.common.RetentionDuration;
import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.platform.problem.Enums;
import io.pgvault.platform.problem.FieldErrors;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Checks a policy request against the schedule and retention rules; every bad field is named. */
final class PolicyRules {

    private PolicyRules() {}

    /** The request's values, checked and normalised. */
    record Checked(String name, String schedule, String timeZone, String defaultRetention,
            Map<RetentionTag, String> tagged) {}

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
        errors.throwIfAny();
        return new Checked(request.name().trim(), request.schedule().trim(), timeZone, defaultRetention, tagged);
    }
}
