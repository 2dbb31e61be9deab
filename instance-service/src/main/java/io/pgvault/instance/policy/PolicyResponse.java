package io.pgvault.instance.policy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A backup policy (its current version).
 *
 * @param id               the policy
 * @param name             its unique name
 * @param version          1 when created, +1 per update
 * @param schedule         as written
 * @param timeZone         IANA time zone
 * @param defaultRetention ISO-8601 duration
 * @param taggedRules      the tagged rules, WEEKLY, MONTHLY, YEARLY
 * @param nextRunAfterNow  the schedule's next occurrence after now; null once the schedule has ended
 * @param createdAt        when version 1 was written
 * @param updatedAt        when this version was written
 * @param verify           its restore verification ({@code every} is OFF when it has none)
 * @param warnings         what the change does not do that one might expect (under an immutable vault, shorter
 *                         retention applies to new points only); empty otherwise
 */
public record PolicyResponse(UUID id, String name, int version, String schedule, String timeZone,
        String defaultRetention, List<PolicyRequest.TaggedRule> taggedRules, Instant nextRunAfterNow, Instant createdAt,
        Instant updatedAt, PolicyRequest.Verify verify, List<String> warnings) {

    public static PolicyResponse from(BackupPolicy p, Instant now) {
        return from(p, now, List.of());
    }

    public static PolicyResponse from(BackupPolicy p, Instant now, List<String> warnings) {
        return new PolicyResponse(p.id, p.name, p.version, p.schedule, p.timeZone, p.defaultRetention,
                p.taggedRules().stream().map(r -> new PolicyRequest.TaggedRule(r.tag().name(), r.duration())).toList(),
                p.parsedSchedule().nextAfter(now).orElse(null), p.createdAt, p.updatedAt,
                new PolicyRequest.Verify(p.verifyEvery == null ? "OFF" : p.verifyEvery, p.verifyTarget), warnings);
    }
}
